import CKernelSupport

/// How the process hands memory back between tasks.
public enum ArrayReuse {
    /// Keeps freed arrays in the process for the next ones instead of returning them to
    /// the kernel. By default glibc maps each array above its adaptive threshold afresh and
    /// trims freed heap memory, so every new matrix of a task page-faults in again: about
    /// 40 000 faults, 2 % of a 2048 giant-step task. Afterwards arrays up to 32 MiB come
    /// from the heap and their pages are reused; the peak resident size stays within
    /// 2 MiB of what it was. Call once, at start-up. Returns whether glibc took it.
    @discardableResult
    public static func keepFreedArrays() -> Bool {
        ckernel_keep_freed_arrays() == 1
    }
}
