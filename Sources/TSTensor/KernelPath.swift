import CGateKernels

/// The instruction-set path of the package's own C kernels (`CGateKernels`): the gate
/// passes, the `exp`/`σ`/`tanh` maps, the Adam update and the recurrent step products.
///
/// Chosen once per process from the environment variable `TSFORECAST_KERNELS`
/// (`auto`, the default, or `baseline`, `avx2`, `avx512`); a path the CPU lacks falls back
/// to ``supported`` with a one-line message on standard error. OpenBLAS chooses its own
/// kernels (`OPENBLAS_CORETYPE`), independently of this setting.
public enum KernelPath: Int, Comparable, CaseIterable, CustomStringConvertible, Sendable {
    /// Plain C compiled for the baseline instruction set; every matrix product in BLAS.
    case baseline
    /// Element-wise kernels as AVX2/FMA code; matrix products in BLAS.
    case avx2
    /// AVX2/FMA element-wise kernels, except the `exp`/`σ`/`tanh` maps and the Adam update in
    /// AVX-512F (16 lanes, the same bits as 8), plus AVX-512F register-tiled recurrent step
    /// products (`k, n ≥ 64`) and direct convolutions.
    case avx512

    /// The path every kernel runs in this process.
    public static var current: KernelPath { KernelPath(rawValue: Int(cgk_kernel_path()))! }

    /// The best path this CPU supports.
    public static var supported: KernelPath { KernelPath(rawValue: Int(cgk_supported_path()))! }

    /// The name `TSFORECAST_KERNELS` takes for this path.
    public var description: String { String(cString: cgk_path_name(Int32(rawValue))) }

    public static func < (lhs: KernelPath, rhs: KernelPath) -> Bool { lhs.rawValue < rhs.rawValue }
}
