// sctpdp-pcap: checks and prints the SCTP packets of a pcap or pcapng capture.
//
//   sctpdp-pcap verify [--udp-port PORT] [--no-ip-checksum] FILE
//   sctpdp-pcap dump   [--udp-port PORT] [--no-ip-checksum] FILE
#include <fmt/format.h>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "control/pcap/capture_check.h"

namespace {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

int Usage(std::string_view complaint) {
  if (!complaint.empty()) fmt::print(stderr, "sctpdp-pcap: {}\n", complaint);
  fmt::print(stderr,
             "usage: sctpdp-pcap verify|dump [--udp-port PORT] [--no-ip-checksum] FILE\n"
             "  verify  check every SCTP packet: checksum, parse, write back, compare;\n"
             "          ends with 'N packets, N identical, N rejected'; exits 1 if a\n"
             "          packet with a right checksum failed to parse or round-trip\n"
             "  dump    print each SCTP packet's chunks on one line\n"
             "  --udp-port PORT    UDP port of RFC 6951 encapsulation (default 9899, 0: none)\n"
             "  --no-ip-checksum   accept IPv4 headers with wrong checksums (offload)\n");
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return Usage("");
  const std::string_view command = argv[1];
  if (command == "-h" || command == "--help") {
    Usage("");
    return 0;
  }
  if (command != "verify" && command != "dump") {
    return Usage(fmt::format("unknown command '{}'", command));
  }
  sctpdp::net::ExtractOptions options;
  std::string path;
  for (int i = 2; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--udp-port") {
      if (i + 1 >= argc) return Usage("--udp-port needs a port number");
      const std::string_view value = argv[++i];
      uint16_t port = 0;
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), port);
      if (error != std::errc() || end != value.data() + value.size()) {
        return Usage(fmt::format("--udp-port: '{}' is not a port number (0-65535)", value));
      }
      options.udp_encapsulation_port = port;
    } else if (arg == "--no-ip-checksum") {
      options.verify_ipv4_header_checksum = false;
    } else if (arg.starts_with("-")) {
      return Usage(fmt::format("unknown option '{}'", arg));
    } else if (path.empty()) {
      path = arg;
    } else {
      return Usage("give one capture file");
    }
  }
  if (path.empty()) return Usage("no capture file given");

  if (command == "dump") {
    auto dumped = sctpdp::control::DumpCapture(path, options, stdout);
    if (auto* error = std::get_if<std::string>(&dumped)) {
      fmt::print(stderr, "sctpdp-pcap: {}\n", *error);
      return kExitUsage;
    }
    return 0;
  }
  auto verified = sctpdp::control::VerifyCapture(path, options);
  if (auto* error = std::get_if<std::string>(&verified)) {
    fmt::print(stderr, "sctpdp-pcap: {}\n", *error);
    return kExitUsage;
  }
  const auto& report = std::get<sctpdp::control::VerifyReport>(verified);
  sctpdp::control::PrintVerifyReport(report, stdout);
  return report.failures > 0 ? kExitFailed : 0;
}
