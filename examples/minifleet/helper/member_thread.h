// One thread per cluster member: every call on a member's VM runs on that
// member's thread, in the order the requests arrived, so one slow member
// never holds up another and a member's own calls never race each other.
//
//   MemberThread thread;
//   thread.Post([&vm] { vm->Start(); });
//
// Thread-safety: Post may be called from any thread. The destructor runs
// whatever is still queued, then joins; it must not be called from the
// member's own thread.
#ifndef MINIFLEET_HELPER_MEMBER_THREAD_H_
#define MINIFLEET_HELPER_MEMBER_THREAD_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace minifleet::helper {

class MemberThread {
 public:
  MemberThread();
  MemberThread(const MemberThread&) = delete;
  MemberThread& operator=(const MemberThread&) = delete;
  ~MemberThread();

  // Queues `task`; tasks run one at a time in the order posted. A task must
  // not throw (it reports its own errors).
  void Post(std::function<void()> task);

 private:
  void Run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::thread thread_;  // last: started once the members above exist
};

}  // namespace minifleet::helper

#endif  // MINIFLEET_HELPER_MEMBER_THREAD_H_
