// Internal: per-thread scratch buffers that a stage keeps from one article
// to the next, so that most articles allocate (and page-fault in) none of
// them. A stage owns one scratch type T with `size_t Bytes() const`, the
// memory it holds; after an article grew it past kKeepBytes (a huge
// article), ReleaseIfHuge() frees it instead of keeping it for the thread's
// lifetime. kKeepBytes (256 MB) keeps the buffers of articles up to about
// 10 MB: freeing and faulting them in again per article halved the speed
// of 10 MB articles.
//
//   T& s = ThreadScratch<T>::Get();   // at the start of a run
//   ...                               // the run refills what it reads
//   ThreadScratch<T>::ReleaseIfHuge();  // after the run
//
// Thread-safety: each thread has its own T; runs on one thread must not
// nest (a stage's run is one function call).
#ifndef DIPX_SRC_UTIL_THREAD_SCRATCH_H_
#define DIPX_SRC_UTIL_THREAD_SCRATCH_H_

#include <cstddef>

namespace dipx::internal {

template <typename T>
class ThreadScratch {
 public:
  static constexpr size_t kKeepBytes = size_t{256} << 20;

  static T& Get() {
    thread_local T scratch;
    return scratch;
  }
  static void ReleaseIfHuge() {
    T& scratch = Get();
    if (scratch.Bytes() > kKeepBytes) scratch = T();
  }
};

}  // namespace dipx::internal

#endif  // DIPX_SRC_UTIL_THREAD_SCRATCH_H_
