// ThreadPool: a fixed set of worker threads that run submitted tasks in FIFO order.
//
// The pool owns its threads; the destructor finishes queued tasks and joins. Submit() is
// thread-safe. Tasks must not throw (no exception crosses a module boundary); a task that needs
// to report failure returns a Status through its future.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace strata {

class ThreadPool {
 public:
  /// Start `threads` workers; 0 means std::thread::hardware_concurrency().
  explicit ThreadPool(size_t threads = 0);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  size_t size() const { return workers_.size(); }

  /// Queue `fn` and return a future for its result.
  template <typename F>
  auto Submit(F fn) -> std::future<std::invoke_result_t<F>> {
    using R = std::invoke_result_t<F>;
    auto task = std::make_shared<std::packaged_task<R()>>(std::move(fn));
    std::future<R> fut = task->get_future();
    Enqueue([task] { (*task)(); });
    return fut;
  }

  /// Run fn(i) for i in [0, n) across the pool and the calling thread; return when all finish.
  /// Safe to call from inside a task of this pool (nested parallelism never deadlocks).
  void ParallelFor(size_t n, const std::function<void(size_t)>& fn);

  /// A process-wide pool sized to the machine.
  static ThreadPool& Default();

 private:
  void Enqueue(std::function<void()> task);
  void WorkerLoop();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace strata
