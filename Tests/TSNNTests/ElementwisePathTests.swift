import CGateKernels
import Testing
import TSTensor

/// The maps (`cgk_exp`, `cgk_sigmoid`, `cgk_tanh`) and the Adam update run 16 lanes at a
/// time on the AVX-512 path and 8 on the AVX2 path, by the same operations per element: the
/// two give the same bits, for every length (full vectors and each kind of tail). Their
/// accuracy on each path is `TranscendentalKernelTests`' and `OptimizerTests`' concern.
@Suite(.enabled(if: KernelPath.supported == .avx512, "needs a CPU with AVX-512 to compare it with AVX2"))
struct ElementwisePathTests {
    /// Lengths around both vector widths, and one long enough for many full vectors.
    static let lengths = [1, 7, 8, 9, 15, 16, 17, 31, 33, 1_029]

    /// `count` values on `[−spread, spread]` with boundary values of the kernels mixed in.
    static func values(_ count: Int, spread: Float) -> [Float] {
        let specials: [Float] = [0, -0, 0.625, -0.625, 88.5, -87.5, 1e-7, 30]
        return (0..<count).map { i in i % 11 == 5 ? specials[i / 11 % specials.count] : spread * Float((i * 7919) % 2001 - 1000) / 1000 }
    }

    /// `cgk_NAME_on(path, x, y, x.count)`, whether the path ran.
    static func map(_ name: String, path: Int32, _ x: [Float], _ y: inout [Float]) -> Bool {
        switch name {
        case "exp": cgk_exp_on(path, x, &y, x.count) == 1
        case "sigmoid": cgk_sigmoid_on(path, x, &y, x.count) == 1
        default: cgk_tanh_on(path, x, &y, x.count) == 1
        }
    }

    @Test(arguments: ["exp", "sigmoid", "tanh"])
    func mapsGiveTheSameBits(_ name: String) {
        for n in Self.lengths {
            let x = Self.values(n, spread: name == "exp" ? 90 : 12)
            var results: [[Float]] = []
            for path in [CGK_PATH_AVX2, CGK_PATH_AVX512] {
                var y = [Float](repeating: .nan, count: n)
                #expect(Self.map(name, path: Int32(path), x, &y))
                results.append(y)
            }
            #expect(results[0].map(\.bitPattern) == results[1].map(\.bitPattern), "\(name), \(n) elements")
        }
    }

    @Test func adamGivesTheSameBits() {
        for n in Self.lengths {
            var states: [[[Float]]] = []
            for path in [CGK_PATH_AVX2, CGK_PATH_AVX512] {
                var p = Self.values(n, spread: 1), m = Self.values(n, spread: 0.1), v = Self.values(n, spread: 0.01).map(abs)
                let g = Self.values(n, spread: 3).reversed().map { $0 }
                // Two steps, AdamW's decoupled decay then L2 coupling, with bias corrections.
                #expect(cgk_adam_update_on(Int32(path), n, &p, g, &m, &v, 0.999, 0, 0.9, 0.999, 1e-3 / 0.1, 0.04471, 1e-8) == 1)
                #expect(cgk_adam_update_on(Int32(path), n, &p, g, &m, &v, 1, 1e-2, 0.9, 0.999, 1e-3 / 0.19, 0.06321, 1e-8) == 1)
                states.append([p, m, v])
            }
            for (part, name) in zip(0..<3, ["parameters", "first moments", "second moments"]) {
                #expect(states[0][part].map(\.bitPattern) == states[1][part].map(\.bitPattern), "\(name), \(n) elements")
            }
        }
    }

    @Test func aPathTheCPULacksIsRefused() {
        var y: [Float] = [0]
        #expect(cgk_tanh_on(Int32(CGK_PATH_AVX512) + 1, [1], &y, 1) == 0)
        #expect(y == [0])
    }
}
