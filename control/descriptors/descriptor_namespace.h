#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <vector>

#include "control/descriptors/buffer_pool.h"

namespace sctpdp {

// What a descriptor table holds: the sockets layer derives its descriptors
// from it. Each owns a buffer pool, its SO_SNDBUF and SO_RCVBUF budgets,
// which the associations it owns charge (from shard threads: the pool is
// lock-free, and usable through a const descriptor).
class Descriptor {
 public:
  virtual ~Descriptor() = default;
  BufferPool& pool() const { return pool_; }

 private:
  mutable BufferPool pool_;
};

// A descriptor id, or the errno saying why there is none.
struct DescriptorResult {
  int id = -1;
  int error = 0;
};

// A descriptor table with its own id space and limit, like a process's
// file table: ids are the lowest free ones. Namespace n hands out ids from
// n * kIdsPerNamespace on, so that an id alone names its namespace
// (DescriptorRegistry::NamespaceOf) and a call given only an int finds its
// descriptor. Any thread may call anything.
class DescriptorNamespace {
 public:
  static constexpr int kIdsPerNamespace = 1 << 20;

  DescriptorNamespace(uint32_t number, size_t limit) : number_(number), limit_(limit) {}

  // EMFILE when `limit` descriptors (reserved ones included) exist.
  DescriptorResult Insert(std::shared_ptr<Descriptor> descriptor);
  // Two steps, for a descriptor made after its id is known to be free
  // (peeloff): the id is taken but Find does not see it until Commit;
  // Cancel gives it back.
  DescriptorResult Reserve();
  void Commit(int id, std::shared_ptr<Descriptor> descriptor);
  void Cancel(int id);
  // nullptr (EBADF for the caller) if `id` names nothing here.
  std::shared_ptr<Descriptor> Find(int id) const;
  std::shared_ptr<Descriptor> Remove(int id);

  uint32_t number() const { return number_; }
  size_t limit() const { return limit_; }
  size_t size() const;

 private:
  struct Slot {
    std::shared_ptr<Descriptor> descriptor;
    bool taken = false;  // reserved or holding a descriptor
  };
  // The slot of `id`, if it is one of this namespace's ids.
  Slot* SlotOf(int id);
  const Slot* SlotOf(int id) const;
  DescriptorResult Take(std::shared_ptr<Descriptor> descriptor);

  const uint32_t number_;
  const size_t limit_;
  mutable std::mutex mutex_;
  std::vector<Slot> slots_;
  size_t taken_ = 0;
  size_t lowest_free_ = 0;  // no free slot below it
};

// A stack's namespaces: the default one (number 0) and those made for
// worker pools.
class DescriptorRegistry {
 public:
  // Ids stay positive ints: 2047 namespaces of kIdsPerNamespace.
  static constexpr uint32_t kMaxNamespaces = 2047;
  static constexpr size_t kDefaultLimit = 65536;

  explicit DescriptorRegistry(size_t default_limit = kDefaultLimit);

  DescriptorNamespace& Default() { return *Find(0); }
  // A new namespace's number in `id`; EINVAL for a limit of 0 or above
  // kIdsPerNamespace, EMFILE when every number is taken.
  DescriptorResult Create(size_t limit);
  DescriptorNamespace* Find(uint32_t number) const;
  DescriptorNamespace* NamespaceOf(int id) const;
  // EBUSY while it holds descriptors, EINVAL for the default or an unknown
  // one. No thread may be using it.
  int Destroy(uint32_t number);

 private:
  mutable std::shared_mutex mutex_;
  std::vector<std::unique_ptr<DescriptorNamespace>> namespaces_;  // by number
};

}  // namespace sctpdp
