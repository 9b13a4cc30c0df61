import CZlib

/// The process's heap.
package enum Memory {
    /// Hands the allocator's free pages back to the system (glibc `malloc_trim`; a no-op elsewhere).
    ///
    /// When records are made on one thread and freed on another, the freed memory is scattered over the allocator's
    /// arenas and peak RSS creeps up with the input's length; calling this every few tens of MB keeps it flat.
    package static func releaseFreePages() {
        _ = clt_release_free_pages()
    }
}
