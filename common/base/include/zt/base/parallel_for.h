// Data-parallel loops on a process-wide worker pool (control plane: tree
// validation when joining a group, and other independent per-item checks).
//
// The pool is started on first use with hardware_threads() - 1 workers and
// lives until exit. The calling thread always works on its own loop, so a
// call never waits for a busy pool and nested calls cannot deadlock.
#pragma once

#include <cstddef>
#include <functional>

namespace zt {

// std::thread::hardware_concurrency(), at least 1.
size_t hardware_threads();

// Calls body(i) once for every i in [0, count), on the calling thread and
// up to max_threads - 1 pool workers (max_threads 0: every core; 1: only the
// calling thread). Returns when every call has returned. Calls for
// different indices may run concurrently and in any order, so `body` must
// only read shared state (or write to per-index slots).
//
// If calls throw, the exception thrown for the lowest index is rethrown
// here, whatever the thread that ran it; indices above a failed one may be
// skipped. No exception ever escapes a worker thread.
void parallel_for(size_t count, const std::function<void(size_t)>& body, size_t max_threads = 0);

}  // namespace zt
