/// A read-only `Float` pointer (the step slices passed to the `CGateKernels` gate passes).
typealias FloatPointer = UnsafePointer<Float>
/// A mutable `Float` pointer.
typealias MutableFloatPointer = UnsafeMutablePointer<Float>
