#pragma once

#include <rte_rcu_qsbr.h>

#include <cstdint>
#include <memory>
#include <string>

namespace sctpdp::dpdk {

// Quiescent-state based RCU (rte_rcu_qsbr) for what the shards read
// without locks, such as the steering table. Readers are numbered 0 to
// readers - 1 (their shard index). A reader is online while it may hold a
// reference and reports a quiescent state once per turn of its loop, when
// it holds none. The writer publishes a new version, waits (Synchronize)
// until every online reader has been quiescent since, and only then frees
// the old version. Offline readers are not waited for.
class Rcu {
 public:
  // nullptr with `error` set when DPDK has no memory for it.
  static std::unique_ptr<Rcu> Create(uint32_t readers, std::string& error);
  ~Rcu();
  Rcu(const Rcu&) = delete;
  Rcu& operator=(const Rcu&) = delete;

  // Reader side, each from the reader's own thread; wait-free.
  void Online(uint32_t reader);
  void Offline(uint32_t reader);
  void Quiescent(uint32_t reader) { rte_rcu_qsbr_quiescent(qsbr_, reader); }

  // Writer side: returns once every reader online now has been quiescent.
  void Synchronize() { rte_rcu_qsbr_synchronize(qsbr_, RTE_QSBR_THRID_INVALID); }

 private:
  explicit Rcu(rte_rcu_qsbr* qsbr) : qsbr_(qsbr) {}
  rte_rcu_qsbr* qsbr_;
};

}  // namespace sctpdp::dpdk
