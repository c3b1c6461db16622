import Foundation
import Testing
import TSTensor

/// The kernel path in force is the one `TSFORECAST_KERNELS` asks for (when the CPU has it),
/// so a test pass that claims a path ran it.
@Suite struct KernelPathTests {
    @Test func pathInForceIsTheRequestedOne() {
        let request = ProcessInfo.processInfo.environment["TSFORECAST_KERNELS"] ?? "auto"
        #expect(KernelPath.current <= KernelPath.supported)
        if let asked = KernelPath.allCases.first(where: { $0.description == request }), asked <= KernelPath.supported {
            #expect(KernelPath.current == asked)
        } else {
            #expect(KernelPath.current == KernelPath.supported, "TSFORECAST_KERNELS=\(request)")
        }
    }

    @Test func namesAreTheEnvironmentValues() {
        #expect(KernelPath.allCases.map(\.description) == ["baseline", "avx2", "avx512"])
    }
}
