#pragma once

#include <climits>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <queue>
#include <shared_mutex>
#include <vector>

#include "control/descriptors/buffer_pool.h"

namespace sctpdp {

// What a descriptor table holds; the sockets layer derives its sockets from
// it. Each owns its buffer pool (SO_SNDBUF, SO_RCVBUF), which all of its
// associations share (the peeloff reference page: they "share the same
// socket buffer space"). The pool is reachable through a const descriptor:
// it is its own synchronisation, and shards charge it through whatever
// reference they hold.
class Descriptor {
 public:
  virtual ~Descriptor() = default;

  BufferPool& pool() const { return pool_; }

 private:
  mutable BufferPool pool_;
};

// A descriptor id, or the errno (EMFILE, EINVAL) saying why there is none:
// exactly one of `id >= 0` and `error != 0` holds.
struct DescriptorResult {
  int id = -1;
  int error = 0;
};

// A descriptor table with its own id space and limit, like a process's file
// table. Ids are the lowest free ones (POSIX open()), and namespace n hands
// out n * kIdsPerNamespace + slot, so that an id alone names its namespace
// (DescriptorRegistry::NamespaceOf). Any thread may call anything.
class DescriptorNamespace {
 public:
  static constexpr int kIdsPerNamespace = 1 << 20;

  static constexpr bool IsValidLimit(size_t limit) {
    return limit > 0 && limit <= static_cast<size_t>(kIdsPerNamespace);
  }

  // Normally made by DescriptorRegistry, which checks its arguments; a
  // limit that is not IsValidLimit, or a number whose ids would not fit in
  // an int, aborts.
  DescriptorNamespace(uint32_t number, size_t limit);

  DescriptorNamespace(const DescriptorNamespace&) = delete;
  DescriptorNamespace& operator=(const DescriptorNamespace&) = delete;

  // The descriptor's new id. EMFILE when `limit` slots (reserved ones
  // included) are taken, EINVAL for a null descriptor or a destroyed
  // namespace.
  DescriptorResult Insert(std::shared_ptr<Descriptor> descriptor);

  // Two steps, for a descriptor that can only be completed once its id is
  // known to exist (peeloff: EMFILE must come before the association
  // moves). Reserve takes the lowest free id, which counts toward the limit
  // but which Find does not see; Commit fills it, Cancel frees it. Both
  // return false, changing nothing, unless `id` is reserved (and Commit's
  // descriptor is not null).
  DescriptorResult Reserve();
  bool Commit(int id, std::shared_ptr<Descriptor> descriptor);
  bool Cancel(int id);

  // Null (EBADF for the caller) unless `id` holds a committed descriptor
  // here. Remove leaves reserved ids alone: close() on an id that a
  // peeloff is still completing finds nothing.
  std::shared_ptr<Descriptor> Find(int id) const;
  std::shared_ptr<Descriptor> Remove(int id);

  // Taken slots, reserved ones included.
  size_t size() const;
  size_t limit() const { return limit_; }
  uint32_t number() const { return number_; }

 private:
  friend class DescriptorRegistry;

  struct Slot {
    std::shared_ptr<Descriptor> descriptor;
    bool taken = false;  // reserved while `descriptor` is null
  };

  // The slot `id` names here, or null for another namespace's id or one
  // never handed out.
  Slot* SlotOf(int id);
  const Slot* SlotOf(int id) const;
  DescriptorResult Take(std::shared_ptr<Descriptor> descriptor);
  void Free(int id, Slot& slot);
  // For DescriptorRegistry::Destroy: closes the namespace for good if it
  // holds nothing (so that no Insert can slip in after the check).
  bool CloseIfEmpty();

  const uint32_t number_;
  const size_t limit_;
  mutable std::mutex mutex_;
  std::vector<Slot> slots_;  // grows to the highest slot ever taken
  // Free slots below slots_.size(), lowest first: the next id in O(log n).
  std::priority_queue<uint32_t, std::vector<uint32_t>, std::greater<>> free_;
  size_t taken_ = 0;
  bool closed_ = false;
};

// A namespace, or the errno (EINVAL, EMFILE) saying why there is none.
struct NamespaceResult {
  std::shared_ptr<DescriptorNamespace> ns = nullptr;
  int error = 0;
};

// A stack's descriptor namespaces: the default one (number 0), and those
// made for worker processes or thread pools. Any thread may call anything.
class DescriptorRegistry {
 public:
  // Numbers 0 to 2047: the highest id, 2048 * kIdsPerNamespace - 1, is
  // INT_MAX, so every id is a non-negative int.
  static constexpr uint32_t kMaxNamespaces = 2048;
  static_assert(int64_t{kMaxNamespaces} * DescriptorNamespace::kIdsPerNamespace - 1 <= INT_MAX);
  static constexpr size_t kDefaultLimit = 65536;

  // Aborts unless DescriptorNamespace::IsValidLimit(default_limit).
  explicit DescriptorRegistry(size_t default_limit = kDefaultLimit);

  // Never destroyed, so a reference is safe.
  DescriptorNamespace& Default() const { return *default_; }

  // The new namespace takes the lowest free number. EINVAL for a limit of 0
  // or above kIdsPerNamespace, EMFILE when every number is taken.
  NamespaceResult Create(size_t limit);

  // Null for a number or id that names no namespace. A namespace destroyed
  // while a caller holds it stays valid to call: it is empty and refuses
  // new descriptors (EINVAL).
  std::shared_ptr<DescriptorNamespace> Find(uint32_t number) const;
  std::shared_ptr<DescriptorNamespace> NamespaceOf(int id) const;

  // 0, EBUSY while it holds descriptors or reservations, EINVAL for the
  // default namespace or a number that names none. Its number becomes free.
  int Destroy(uint32_t number);

 private:
  const std::shared_ptr<DescriptorNamespace> default_;
  mutable std::shared_mutex mutex_;
  std::vector<std::shared_ptr<DescriptorNamespace>> namespaces_;  // by number; null if free
};

}  // namespace sctpdp
