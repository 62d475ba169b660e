#include "dataplane/dpdk/rcu.h"

#include <fmt/format.h>
#include <rte_malloc.h>

namespace sctpdp::dpdk {

std::unique_ptr<Rcu> Rcu::Create(uint32_t readers, std::string& error) {
  const size_t size = rte_rcu_qsbr_get_memsize(readers);
  auto* qsbr = static_cast<rte_rcu_qsbr*>(rte_zmalloc("sctpdp_rcu", size, RTE_CACHE_LINE_SIZE));
  if (qsbr == nullptr || rte_rcu_qsbr_init(qsbr, readers) != 0) {
    rte_free(qsbr);
    error = fmt::format("RCU for {} readers: no memory for {} bytes", readers, size);
    return nullptr;
  }
  return std::unique_ptr<Rcu>(new Rcu(qsbr));
}

Rcu::~Rcu() { rte_free(qsbr_); }

void Rcu::Online(uint32_t reader) {
  // Registration only sets the reader's bit; it is idempotent.
  rte_rcu_qsbr_thread_register(qsbr_, reader);
  rte_rcu_qsbr_thread_online(qsbr_, reader);
}

void Rcu::Offline(uint32_t reader) {
  rte_rcu_qsbr_thread_offline(qsbr_, reader);
  rte_rcu_qsbr_thread_unregister(qsbr_, reader);
}

}  // namespace sctpdp::dpdk
