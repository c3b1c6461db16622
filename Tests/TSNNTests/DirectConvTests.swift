import CGateKernels
import Foundation
import Testing
@testable import TSNN
import TSTensor

/// The direct convolution kernels (`cgk_conv_direct`, `cgk_conv_direct_input_gradient`,
/// `cgk_conv_direct_weight_gradient`: the passes of convolutions on the AVX2 and AVX-512
/// paths, the input gradient at stride 1) against a Double reference over 1-D and 2-D shapes
/// with every kind of padding, strides, dilation, channel and column tails; and the
/// properties the layers rely on: the AVX2 and AVX-512 paths give the same bits, a sample's
/// result does not depend on the sample range of the call (so not on the thread count), and
/// the baseline path is left to im2col.
@Suite struct DirectConvTests {
    /// One case: `x [B, C, H, W]`, `O` output channels, kernel, per-axis options.
    struct Case: CustomStringConvertible {
        var batch = 3
        var channels: Int
        var size: (Int, Int)
        var outChannels: Int
        var kernel: (Int, Int)
        var height = ConvAxis()
        var width: ConvAxis

        /// Whether the input gradient runs directly (stride 1 on both axes).
        var directInput: Bool { height.stride == 1 && width.stride == 1 }

        var description: String { "C\(channels)→\(outChannels) \(size) k\(kernel)" }

        func plan() -> ConvPlan {
            ConvPlan(
                batch: batch, inChannels: channels, inputSize: size, outChannels: outChannels, kernel: kernel,
                height: height, width: width, threads: .single)
        }
    }

    static let cases: [Case] = [
        // 1-D: same (odd and even kernels), causal with dilation, padding beyond (k − 1)·d
        // (the input gradient's padding is then negative), a valid one with 33 + positions.
        Case(channels: 4, size: (1, 37), outChannels: 9, kernel: (1, 5), width: ConvAxis(padding: .same)),
        Case(channels: 1, size: (1, 40), outChannels: 13, kernel: (1, 8), width: ConvAxis(padding: .same)),
        Case(channels: 3, size: (1, 29), outChannels: 7, kernel: (1, 3), width: ConvAxis(padding: .causal, dilation: 2)),
        Case(channels: 2, size: (1, 19), outChannels: 5, kernel: (1, 2), width: ConvAxis(padding: .explicit(3))),
        Case(batch: 2, channels: 5, size: (1, 70), outChannels: 17, kernel: (1, 3), width: ConvAxis()),
        // 2-D: LeNet's same 5 × 5, a dilated valid 3 × 2, per-axis explicit padding.
        Case(channels: 2, size: (13, 11), outChannels: 6, kernel: (5, 5), height: ConvAxis(padding: .same), width: ConvAxis(padding: .same)),
        Case(channels: 3, size: (9, 20), outChannels: 17, kernel: (3, 2), height: ConvAxis(dilation: 2), width: ConvAxis()),
        Case(channels: 2, size: (6, 7), outChannels: 4, kernel: (3, 3), height: ConvAxis(padding: .explicit(1)), width: ConvAxis()),
        // Strides above 1 (the padded image in phases; the input gradient is left to col2im):
        // the conv autoencoder's stride-2 layer, stride 3 with dilation 2, 2-D (2, 2) and (1, 2).
        Case(channels: 2, size: (1, 33), outChannels: 9, kernel: (1, 5), width: ConvAxis(stride: 2, padding: .explicit(2))),
        Case(channels: 3, size: (1, 40), outChannels: 5, kernel: (1, 3), width: ConvAxis(stride: 3, padding: .explicit(1), dilation: 2)),
        Case(channels: 2, size: (9, 10), outChannels: 7, kernel: (3, 3), height: ConvAxis(stride: 2, padding: .explicit(1)), width: ConvAxis(stride: 2, padding: .explicit(1))),
        Case(channels: 3, size: (7, 13), outChannels: 10, kernel: (2, 3), height: ConvAxis(), width: ConvAxis(stride: 2)),
    ]

    /// The paths with direct kernels this CPU has.
    static var paths: [Int32] { [CGK_PATH_AVX2, CGK_PATH_AVX512].map(Int32.init).filter { $0 <= KernelPath.supported.rawValue } }

    /// Deterministic operands of a case: `x`, `w`, `bias`, `dy`.
    static func operands(_ c: Case, plan: ConvPlan) -> (x: [Float], w: [Float], bias: [Float], dy: [Float]) {
        let k = plan.reduction
        func values(_ count: Int, _ f: Double) -> [Float] { (0..<count).map { Float(sin(Double($0) * f + 0.3)) } }
        return (values(plan.inputCount, 0.37), values(c.outChannels * k, 0.11), values(c.outChannels, 0.7),
                values(c.batch * c.outChannels * plan.positions, 0.23))
    }

    /// The three passes in Double with their rounding bounds, from one loop over every
    /// (output, tap) pair that reads the image: `y = bias + Σ w·x`; `dx = Σ w·dy` over the
    /// outputs each input feeds; `dW = 0.5 + Σ dy·x` (the kernel accumulates into `dW`
    /// prefilled with 0.5). Bounds `γ_n·Σ|terms|` (Higham §3.1): each output of the forward
    /// pass and of the input gradient is one chain of FMAs in a fixed order (`n = K + 1` and
    /// `O·kH·kW`); each weight-gradient lane chains at most `B·L` nonzero terms before the
    /// lanes (16 at most) are added (`n = B·L + 16`).
    static func reference(
        _ plan: ConvPlan, _ c: Case, x: [Float], w: [Float], bias: [Float], dy: [Float]
    ) -> (y: [(Double, Double)], dx: [(Double, Double)], dw: [(Double, Double)]) {
        let s = plan.shape, k = plan.reduction, taps = s.kernelH * s.kernelW
        var y = (0..<(s.batch * c.outChannels * plan.positions)).map { [Double(bias[$0 / plan.positions % c.outChannels])] }
        var dx = [[Double]](repeating: [], count: plan.inputCount), dw = [[Double]](repeating: [0.5], count: c.outChannels * k)
        for b in 0..<s.batch {
            for o in 0..<c.outChannels {
                for oh in 0..<s.outHeight {
                    for ow in 0..<s.outWidth {
                        let out = ((b * c.outChannels + o) * s.outHeight + oh) * s.outWidth + ow
                        for ch in 0..<s.channels {
                            for t in 0..<taps {
                                guard let input = s.inputIndex(b: b, c: ch, i: t / s.kernelW, j: t % s.kernelW, oh: oh, ow: ow) else { continue }
                                let tap = o * k + ch * taps + t
                                y[out].append(Double(w[tap]) * Double(x[input]))
                                dx[input].append(Double(w[tap]) * Double(dy[out]))
                                dw[tap].append(Double(dy[out]) * Double(x[input]))
                            }
                        }
                    }
                }
            }
        }
        func bounded(_ terms: [[Double]], _ n: Int) -> [(Double, Double)] {
            terms.map { ($0.reduce(0, +), gammaOf(n) * $0.reduce(0) { $0 + abs($1) }) }
        }
        return (bounded(y, k + 1), bounded(dx, c.outChannels * taps), bounded(dw, s.batch * plan.positions + 16))
    }

    /// The largest error of `got` against `reference`, in units of each element's bound.
    static func worstRatio(_ got: [Float], _ reference: [(Double, Double)]) -> Double {
        zip(got, reference).map { abs(Double($0) - $1.0) / max($1.1, .leastNormalMagnitude) }.max() ?? 0
    }

    static func gammaOf(_ n: Int) -> Double { Double(n) * 0x1p-24 / (1 - Double(n) * 0x1p-24) }

    /// Runs the forward kernel on `path` for the sample ranges `ranges` into a buffer of NaNs.
    static func forward(_ plan: ConvPlan, _ c: Case, path: Int32, ranges: [Range<Int>], bias: Bool) -> (ran: Bool, y: [Float]) {
        let (x, w, b, _) = operands(c, plan: plan)
        var y = [Float](repeating: .nan, count: c.batch * c.outChannels * plan.positions)
        var shape = plan.shape
        var ran = true
        for r in ranges {
            ran = ran && cgk_conv_direct_on(path, &shape, c.outChannels, r.lowerBound, r.upperBound, x, w, bias ? b : nil, &y) == 1
        }
        return (ran, y)
    }

    /// Runs the input-gradient kernel on `path` for the sample ranges `ranges`.
    static func inputGradient(_ plan: ConvPlan, _ c: Case, path: Int32, ranges: [Range<Int>]) -> (ran: Bool, dx: [Float]) {
        let (_, w, _, dy) = operands(c, plan: plan)
        var dx = [Float](repeating: .nan, count: plan.inputCount)
        var shape = plan.shape
        var ran = true
        for r in ranges {
            ran = ran && cgk_conv_direct_input_gradient_on(path, &shape, c.outChannels, r.lowerBound, r.upperBound, dy, w, &dx) == 1
        }
        return (ran, dx)
    }

    @Test(arguments: cases)
    func forwardMatchesDoubleReference(_ c: Case) {
        let plan = c.plan()
        let (x, w, bias, dy) = Self.operands(c, plan: plan)
        for path in Self.paths {
            for withBias in [true, false] {
                let (ran, y) = Self.forward(plan, c, path: path, ranges: [0..<c.batch], bias: withBias)
                #expect(ran)
                let zero = [Float](repeating: 0, count: c.outChannels)
                let reference = Self.reference(plan, c, x: x, w: w, bias: withBias ? bias : zero, dy: dy).y
                #expect(Self.worstRatio(y, reference) <= 1, "\(c), path \(path), bias \(withBias)")
            }
        }
    }

    /// Both paths run each output's FMA chain in the same order, and a sample's outputs do not
    /// depend on the range it was computed in: the same bits across paths and splits.
    @Test(arguments: cases)
    func pathsAndSampleRangesGiveTheSameBits(_ c: Case) {
        let plan = c.plan()
        let split = [0..<1, 1..<c.batch]
        let forwards = Self.paths.flatMap { path in
            [Self.forward(plan, c, path: path, ranges: [0..<c.batch], bias: true).y, Self.forward(plan, c, path: path, ranges: split, bias: true).y]
        }
        let gradients = Self.paths.flatMap { path in
            [Self.inputGradient(plan, c, path: path, ranges: [0..<c.batch]).dx, Self.inputGradient(plan, c, path: path, ranges: split).dx]
        }
        for results in c.directInput ? [forwards, gradients] : [forwards] {
            for r in results.dropFirst() { #expect(r.map(\.bitPattern) == results[0].map(\.bitPattern), "\(c)") }
        }
    }

    /// Runs the weight-gradient kernel on `path` for the tap-block ranges `ranges` into `dW`
    /// prefilled with 0.5.
    static func weightGradient(_ plan: ConvPlan, _ c: Case, path: Int32, ranges: [Range<Int>]) -> (ran: Bool, dw: [Float]) {
        let (x, _, _, dy) = operands(c, plan: plan)
        var dw = [Float](repeating: 0.5, count: c.outChannels * plan.reduction)
        var shape = plan.shape
        var ran = true
        for r in ranges {
            ran = ran && cgk_conv_direct_weight_gradient_on(path, &shape, c.outChannels, r.lowerBound, r.upperBound, x, dy, &dw) == 1
        }
        return (ran, dw)
    }

    /// The tap blocks of a case (6 taps a block).
    static func blocks(_ plan: ConvPlan) -> Int { (plan.reduction + 5) / 6 }

    /// Both gradients against the reference; the weight gradient also in two block ranges,
    /// which must give the same bits (each element is summed the same way in any range, so
    /// on any thread count).
    @Test(arguments: cases)
    func gradientsMatchDoubleReference(_ c: Case) {
        let plan = c.plan()
        let (x, w, bias, dy) = Self.operands(c, plan: plan)
        let reference = Self.reference(plan, c, x: x, w: w, bias: bias, dy: dy)
        for path in Self.paths {
            let (ran, dx) = Self.inputGradient(plan, c, path: path, ranges: [0..<c.batch])
            let whole = Self.weightGradient(plan, c, path: path, ranges: [0..<Self.blocks(plan)])
            let split = Self.weightGradient(plan, c, path: path, ranges: [0..<1, 1..<Self.blocks(plan)])
            #expect(ran == c.directInput && whole.ran)
            if ran { #expect(Self.worstRatio(dx, reference.dx) <= 1, "dx: \(c), path \(path)") }
            #expect(Self.worstRatio(whole.dw, reference.dw) <= 1, "dW: \(c), path \(path)")
            #expect(split.dw.map(\.bitPattern) == whole.dw.map(\.bitPattern), "dW: \(c), path \(path)")
        }
    }

    /// What `ConvPlan` takes directly on this CPU's best path: 32 or more output positions per
    /// sample (fewer go to the batch-wide im2col GEMM), the input gradient at stride 1 only,
    /// the weight gradient while `O·K ≤ 4096` (its lane accumulators stay in the L2 cache).
    @Test func thePlanTakesTheDirectKernelsWhereTheyPay() {
        let direct = KernelPath.current >= .avx2
        func plan(_ c: Case) -> (forward: Bool, input: Bool, weights: Bool) {
            let p = c.plan()
            return (p.isDirect, p.isDirectInput, p.directWeightBlocks == (p.reduction + 5) / 6)
        }
        let long = Case(channels: 4, size: (1, 37), outChannels: 9, kernel: (1, 5), width: ConvAxis(padding: .same))
        let short = Case(channels: 4, size: (1, 24), outChannels: 9, kernel: (1, 5), width: ConvAxis(padding: .same))
        let strided = Case(channels: 2, size: (1, 80), outChannels: 9, kernel: (1, 5), width: ConvAxis(stride: 2, padding: .explicit(2)))
        let wide = Case(channels: 16, size: (1, 40), outChannels: 64, kernel: (1, 5), width: ConvAxis(padding: .same))
        #expect(plan(long) == (direct, direct, direct))
        #expect(plan(short) == (false, false, false))
        #expect(plan(strided) == (direct, false, direct))
        #expect(plan(wide).forward == direct && plan(wide).input == direct && wide.plan().directWeightBlocks == 0)
    }

    /// The baseline path is left to im2col and BLAS: 0, and the outputs untouched.
    @Test func theBaselinePathIsDeclined() {
        let c = Self.cases[0], plan = c.plan(), path = Int32(CGK_PATH_BASELINE)
        let (ran, y) = Self.forward(plan, c, path: path, ranges: [0..<c.batch], bias: true)
        let (ranGradient, dx) = Self.inputGradient(plan, c, path: path, ranges: [0..<c.batch])
        let (ranWeights, dw) = Self.weightGradient(plan, c, path: path, ranges: [0..<Self.blocks(plan)])
        #expect(!ran && !ranGradient && y.allSatisfy(\.isNaN) && dx.allSatisfy(\.isNaN))
        #expect(!ranWeights && dw.allSatisfy { $0 == 0.5 })
    }
}
