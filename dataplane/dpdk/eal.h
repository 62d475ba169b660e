#pragma once

#include <memory>
#include <string>
#include <vector>

namespace sctpdp::dpdk {

struct EalSettings {
  std::string lcores = "0";  // DPDK lcore list; the first is the main lcore
  int memory_mb = 256;
  // false: --no-huge (anonymous memory, no hugetlbfs; tests and demos).
  bool hugepages = false;
  // Unique per process: DPDK keeps its runtime files under it.
  std::string file_prefix = "sctpdp";
  std::string log_level = "notice";
  // Virtual devices to create at start (--vdev), and anything else.
  std::vector<std::string> vdevs;
  std::vector<std::string> args;
};

// The DPDK environment of the process. DPDK initialises it once per
// process and cannot do it again after cleanup, so there is at most one
// Eal, and a second Init fails.
class Eal {
 public:
  // nullptr with `error` set when the EAL refuses the settings.
  static std::unique_ptr<Eal> Init(const EalSettings& settings, std::string& error);
  ~Eal();
  Eal(const Eal&) = delete;
  Eal& operator=(const Eal&) = delete;

  // The EAL command line built from settings (for logs and errors).
  static std::vector<std::string> Arguments(const EalSettings& settings);

 private:
  Eal() = default;
};

}  // namespace sctpdp::dpdk
