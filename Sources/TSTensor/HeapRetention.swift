import CGateKernels

/// A process-wide allocator setting for processes that train: glibc's `malloc` is asked to
/// keep freed memory for reuse instead of handing it back to the kernel.
///
/// A training step allocates its tensors (layer outputs, gradients, im2col columns) and frees
/// them at the end, every step, at the same sizes. With glibc's defaults a block above the
/// mmap threshold is a fresh mapping, and freed memory at the heap's top above the trim
/// threshold is returned: the next step's tensors then fault their pages in again and the
/// kernel zeroes them. Measured on the CNN benchmarks (one thread, CPU time per step): the
/// 1-D conv autoencoder 16.0 → 11.0 ms, LeNet 16.2 → 12.3 ms, FCN on `[16, 1, 150]`
/// 54.7 → 50.2 ms. The cost: the process keeps its peak heap (up to 1 GiB free) mapped.
///
/// Process-wide, so only an executable's start calls it (never library code, which must not
/// change what other code in the process sees). Does nothing where the C library is not
/// glibc.
public enum HeapRetention {
    /// Blocks up to 32 MiB (glibc's largest mmap threshold) come from the heap, and the
    /// heap's top is trimmed only when more than 1 GiB of it is free.
    public static func retainFreedMemory() { cgk_retain_freed_memory() }
}
