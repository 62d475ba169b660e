#include "dataplane/dpdk/eal.h"

#include <fmt/format.h>
#include <rte_eal.h>
#include <rte_errno.h>

#include <atomic>

namespace sctpdp::dpdk {
namespace {

std::atomic<bool> initialised{false};

}  // namespace

std::vector<std::string> Eal::Arguments(const EalSettings& settings) {
  std::vector<std::string> args = {"sctpdp",
                                   "--lcores",
                                   settings.lcores,
                                   "--file-prefix",
                                   settings.file_prefix,
                                   "--log-level",
                                   settings.log_level,
                                   "-m",
                                   std::to_string(settings.memory_mb)};
  // DPDK cannot combine --no-huge with --in-memory; without hugepages the
  // anonymous memory is private to the process anyway.
  if (!settings.hugepages) args.emplace_back("--no-huge");
  for (const std::string& vdev : settings.vdevs) {
    args.emplace_back("--vdev");
    args.push_back(vdev);
  }
  args.insert(args.end(), settings.args.begin(), settings.args.end());
  return args;
}

std::unique_ptr<Eal> Eal::Init(const EalSettings& settings, std::string& error) {
  if (initialised.exchange(true)) {
    error = "the DPDK environment is initialised once per process";
    return nullptr;
  }
  std::vector<std::string> args = Arguments(settings);
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  if (rte_eal_init(static_cast<int>(args.size()), argv.data()) < 0) {
    std::string line;
    for (const std::string& arg : args) line += (line.empty() ? "" : " ") + arg;
    error = fmt::format("DPDK EAL init failed: {} (arguments: {})", rte_strerror(rte_errno), line);
    return nullptr;
  }
  return std::unique_ptr<Eal>(new Eal());
}

Eal::~Eal() { rte_eal_cleanup(); }

}  // namespace sctpdp::dpdk
