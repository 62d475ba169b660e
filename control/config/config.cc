#include "control/config/config.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <functional>
#include <limits>
#include <map>

namespace sctpdp {
namespace {

// Thrown inside the loader only; LoadConfig turns it into its error.
struct ConfigError {
  std::string message;
};

// The key paths read while loading, in their generic form ("ports[].name").
std::set<std::string>& ReadKeys() {
  static std::set<std::string> keys;
  return keys;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1] ? 1 : 0)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// Reads one YAML mapping: each Get names a key it knows; Finish refuses
// the keys nobody asked for, suggesting the closest known one.
class MapReader {
 public:
  MapReader(const YAML::Node& node, std::string path, std::string generic, std::string_view file)
      : node_(node), path_(std::move(path)), generic_(std::move(generic)), file_(file) {
    if (node_ && !node_.IsNull() && !node_.IsMap()) Fail(path_, node_, "must be a mapping");
  }

  [[noreturn]] void Fail(const std::string& path, const YAML::Node& at,
                         std::string_view reason) const {
    const YAML::Mark mark = at ? at.Mark() : node_.Mark();
    const std::string where =
        mark.line >= 0 ? fmt::format("{}:{}: ", file_, mark.line + 1) : fmt::format("{}: ", file_);
    throw ConfigError{fmt::format("{}{}: {}", where, path.empty() ? "(top)" : path, reason)};
  }

  std::string Path(std::string_view key) const {
    return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
  }
  std::string Generic(std::string_view key) const {
    return generic_.empty() ? std::string(key) : fmt::format("{}.{}", generic_, key);
  }

  // The node under `key` (undefined if absent), remembered as known.
  YAML::Node Child(std::string_view key) {
    known_.emplace_back(key);
    ReadKeys().insert(Generic(key));
    if (!node_ || !node_.IsMap()) return YAML::Node();
    return node_[std::string(key)];
  }

  template <typename T>
  void Get(std::string_view key, T& out) {
    const YAML::Node child = Child(key);
    if (!child || child.IsNull()) return;
    out = Convert<T>(Path(key), child);
  }

  // An integer within [low, high].
  template <typename T>
  void GetInt(std::string_view key, T& out, int64_t low, int64_t high) {
    const YAML::Node child = Child(key);
    if (!child || child.IsNull()) return;
    const int64_t value = Convert<int64_t>(Path(key), child);
    if (value < low || value > high) {
      Fail(Path(key), child, fmt::format("{} is out of range [{}, {}]", value, low, high));
    }
    out = static_cast<T>(value);
  }

  void GetMillis(std::string_view key, Duration& out, int64_t low, int64_t high) {
    int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(out).count();
    GetInt(key, ms, low, high);
    out = std::chrono::milliseconds(ms);
  }

  template <typename E>
  void GetEnum(std::string_view key, E& out,
               std::initializer_list<std::pair<std::string_view, E>> names) {
    const YAML::Node child = Child(key);
    if (!child || child.IsNull()) return;
    const std::string value = Convert<std::string>(Path(key), child);
    std::string allowed;
    for (const auto& [name, e] : names) {
      if (value == name) {
        out = e;
        return;
      }
      allowed += fmt::format("{}{}", allowed.empty() ? "" : ", ", name);
    }
    Fail(Path(key), child, fmt::format("\"{}\" is not one of: {}", value, allowed));
  }

  void Finish() const {
    if (!node_ || !node_.IsMap()) return;
    for (const auto& entry : node_) {
      const std::string key = entry.first.as<std::string>();
      if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
      std::string hint;
      size_t best = 3;  // suggest only near misses
      for (const std::string& known : known_) {
        const size_t distance = EditDistance(key, known);
        if (distance < best) {
          best = distance;
          hint = fmt::format(" (did you mean {}?)", Path(known));
        }
      }
      Fail(Path(key), entry.first, fmt::format("unknown key{}", hint));
    }
  }

  template <typename T>
  T Convert(const std::string& path, const YAML::Node& node) const {
    if (!node.IsScalar()) Fail(path, node, "must be a single value");
    if constexpr (std::is_same_v<T, bool>) {
      const std::string text = node.Scalar();
      if (text == "true" || text == "yes" || text == "on") return true;
      if (text == "false" || text == "no" || text == "off") return false;
      Fail(path, node, fmt::format("\"{}\" is not true or false", text));
    } else if constexpr (std::is_integral_v<T>) {
      const std::string text = node.Scalar();
      T value{};
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (error != std::errc() || end != text.data() + text.size()) {
        Fail(path, node, fmt::format("\"{}\" is not an integer", text));
      }
      return value;
    } else {
      return node.Scalar();
    }
  }

  const YAML::Node& node() const { return node_; }
  std::string_view file() const { return file_; }

 private:
  YAML::Node node_;
  std::string path_;
  std::string generic_;
  std::string_view file_;
  std::vector<std::string> known_;
};

std::optional<net::MacAddress> ParseMac(std::string_view text) {
  net::MacAddress mac{};
  if (text.size() != 17) return std::nullopt;
  for (size_t i = 0; i < 6; ++i) {
    if (i > 0 && text[i * 3 - 1] != ':') return std::nullopt;
    const auto [end, error] =
        std::from_chars(text.data() + i * 3, text.data() + i * 3 + 2, mac[i], 16);
    if (error != std::errc() || end != text.data() + i * 3 + 2) return std::nullopt;
  }
  return mac;
}

std::optional<net::IpPrefix> ParsePrefix(std::string_view text) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::optional<IpAddress> address = ParseIpAddress(text.substr(0, slash));
  if (!address) return std::nullopt;
  int length = -1;
  const std::string_view digits = text.substr(slash + 1);
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
  const int max = address->family == IpAddress::Family::kIpv4 ? 32 : 128;
  if (error != std::errc() || end != digits.data() + digits.size() || length < 0 || length > max) {
    return std::nullopt;
  }
  return net::IpPrefix{*address, static_cast<uint8_t>(length)};
}

// A list under `key`, each element read by `each(reader_path, element)`.
void ForEach(
    MapReader& reader, std::string_view key,
    const std::function<void(const std::string&, const std::string&, const YAML::Node&)>& each) {
  const YAML::Node list = reader.Child(key);
  if (!list || list.IsNull()) return;
  if (!list.IsSequence()) reader.Fail(reader.Path(key), list, "must be a list");
  for (size_t i = 0; i < list.size(); ++i) {
    each(fmt::format("{}[{}]", reader.Path(key), i), fmt::format("{}[]", reader.Generic(key)),
         list[i]);
  }
}

IpAddress AddressAt(const MapReader& reader, const std::string& path, const YAML::Node& node) {
  const std::string text = reader.Convert<std::string>(path, node);
  const std::optional<IpAddress> address = ParseIpAddress(text);
  if (!address) reader.Fail(path, node, fmt::format("\"{}\" is not an IPv4 or IPv6 address", text));
  return *address;
}

void ReadEal(MapReader& top, EalConfig& eal) {
  MapReader reader(top.Child("eal"), "eal", "eal", top.file());
  reader.Get("lcores", eal.lcores);
  reader.GetInt("memory_mb", eal.memory_mb, 64, 1 << 20);
  reader.Get("hugepages", eal.hugepages);
  reader.Get("file_prefix", eal.file_prefix);
  reader.Get("log_level", eal.log_level);
  ForEach(reader, "args", [&](const std::string& path, const std::string&, const YAML::Node& node) {
    eal.args.push_back(reader.Convert<std::string>(path, node));
  });
  reader.Finish();
}

PortConfig ReadPort(const MapReader& parent, const std::string& path, const std::string& generic,
                    const YAML::Node& node) {
  MapReader reader(node, path, generic, parent.file());
  PortConfig port;
  reader.Get("name", port.name);
  if (port.name.empty()) reader.Fail(reader.Path("name"), node, "missing: every port needs a name");
  reader.Get("devargs", port.devargs);
  reader.Get("ring_peer", port.ring_peer);
  if (port.devargs.empty() == port.ring_peer.empty()) {
    reader.Fail(path, node, "needs exactly one of devargs (a DPDK device) and ring_peer");
  }
  reader.GetInt("rx_queues", port.rx_queues, 1, 1024);
  reader.GetInt("tx_queues", port.tx_queues, 1, 1024);
  reader.GetInt("rx_descriptors", port.rx_descriptors, 64, 32768);
  reader.GetInt("tx_descriptors", port.tx_descriptors, 64, 32768);
  reader.GetInt("mtu", port.mtu, 576, 9000);
  std::string mac = "auto";
  reader.Get("mac", mac);
  if (mac != "auto") {
    port.mac = ParseMac(mac);
    if (!port.mac)
      reader.Fail(reader.Path("mac"), node["mac"],
                  fmt::format("\"{}\" is not auto or a MAC address like 02:00:00:00:00:01", mac));
  }
  reader.GetEnum("checksum_offload", port.checksum_offload,
                 {{"auto", Toggle::kAuto}, {"on", Toggle::kOn}, {"off", Toggle::kOff}});
  reader.Get("rss", port.rss);
  ForEach(
      reader, "addresses", [&](const std::string& at, const std::string&, const YAML::Node& item) {
        const std::string text = reader.Convert<std::string>(at, item);
        const std::optional<net::IpPrefix> prefix = ParsePrefix(text);
        if (!prefix)
          reader.Fail(at, item,
                      fmt::format("\"{}\" is not an IPv4 or IPv6 prefix like 198.18.0.1/24", text));
        port.addresses.push_back(*prefix);
      });
  if (port.addresses.empty())
    reader.Fail(reader.Path("addresses"), node, "missing: a port needs at least one address");
  for (const char* key : {"gateway", "gateway6"}) {
    const YAML::Node gateway = reader.Child(key);
    if (!gateway || gateway.IsNull()) continue;
    const IpAddress address = AddressAt(reader, reader.Path(key), gateway);
    const bool v4 = address.family == IpAddress::Family::kIpv4;
    if (v4 != (std::string_view(key) == "gateway")) {
      reader.Fail(
          reader.Path(key), gateway,
          v4 ? "an IPv4 gateway belongs in gateway" : "an IPv6 gateway belongs in gateway6");
    }
    port.routes.push_back(net::RouteConfig{
        .prefix = net::IpPrefix{v4 ? IpAddress::FromIpv4({}) : IpAddress::FromIpv6({}), 0},
        .gateway = address});
  }
  ForEach(reader, "routes",
          [&](const std::string& at, const std::string& generic_at, const YAML::Node& item) {
            MapReader route(item, at, generic_at, reader.file());
            std::string prefix_text;
            route.Get("prefix", prefix_text);
            const std::optional<net::IpPrefix> prefix = ParsePrefix(prefix_text);
            if (!prefix)
              route.Fail(route.Path("prefix"), item,
                         fmt::format("\"{}\" is not an IPv4 or IPv6 prefix", prefix_text));
            const YAML::Node via = route.Child("via");
            if (!via) route.Fail(route.Path("via"), item, "missing: the gateway's address");
            port.routes.push_back(net::RouteConfig{
                .prefix = *prefix, .gateway = AddressAt(route, route.Path("via"), via)});
            route.Finish();
          });
  ForEach(reader, "neighbours",
          [&](const std::string& at, const std::string& generic_at, const YAML::Node& item) {
            MapReader neighbour(item, at, generic_at, reader.file());
            const YAML::Node address = neighbour.Child("address");
            if (!address) neighbour.Fail(neighbour.Path("address"), item, "missing");
            std::string mac_text;
            neighbour.Get("mac", mac_text);
            const std::optional<net::MacAddress> neighbour_mac = ParseMac(mac_text);
            if (!neighbour_mac)
              neighbour.Fail(neighbour.Path("mac"), item,
                             fmt::format("\"{}\" is not a MAC address", mac_text));
            port.neighbours.push_back(net::NeighborConfig{
                AddressAt(neighbour, neighbour.Path("address"), address), *neighbour_mac});
            neighbour.Finish();
          });
  reader.Finish();
  return port;
}

// The engine's field names in AssociationOptions::Validate messages, and
// the keys they come from here.
constexpr std::pair<std::string_view, std::string_view> kSctpKeyOfField[] = {
    {"rto_initial", "rto_initial_ms"},
    {"rto_min", "rto_min_ms"},
    {"rto_max", "rto_max_ms"},
    {"valid_cookie_life", "valid_cookie_life_ms"},
    {"hb_interval", "hb_interval_ms"},
    {"sack_delay", "sack_delay_ms"},
    {"receive_buffer_bytes", "receive_buffer_bytes"},
    {"send_buffer_bytes", "send_buffer_bytes"},
    {"partial_delivery_point", "partial_delivery_point_bytes"},
    {"max_message_size", "max_message_size_bytes"},
    {"path_mtu", "path_mtu_bytes"},
    {"max_inbound_streams", "inbound_streams"},
    {"shutdown_guard", "shutdown_guard_ms"},
    {"autoclose", "autoclose_s"},
};

std::string KeysForEngineMessage(std::string message, const std::string& path) {
  // "rto_max: must be >= rto_min" -> "sctp.rto_max_ms: must be >= sctp.rto_min_ms"
  std::string out;
  size_t i = 0;
  while (i < message.size()) {
    size_t j = i;
    while (j < message.size() &&
           (std::isalnum(static_cast<unsigned char>(message[j])) || message[j] == '_'))
      ++j;
    if (j == i) {
      out += message[i++];
      continue;
    }
    const std::string_view word(message.data() + i, j - i);
    std::string key;
    for (const auto& [field, config_key] : kSctpKeyOfField) {
      if (word == field) key = std::string(config_key);
    }
    if (key.empty() && word.find('_') != std::string_view::npos) key = std::string(word);
    out += key.empty() ? std::string(word) : fmt::format("{}.{}", path, key);
    i = j;
  }
  return out;
}

AssociationOptions ReadSctp(const MapReader& parent, const YAML::Node& node,
                            const std::string& path, const std::string& generic,
                            const AssociationOptions& base) {
  MapReader reader(node, path, generic, parent.file());
  AssociationOptions options = base;
  constexpr int64_t kHour = 3'600'000;
  reader.GetMillis("rto_initial_ms", options.rto_initial, 1, kHour);
  reader.GetMillis("rto_min_ms", options.rto_min, 1, kHour);
  reader.GetMillis("rto_max_ms", options.rto_max, 1, kHour);
  reader.GetInt("max_burst", options.max_burst, 1, 1000);
  reader.GetMillis("valid_cookie_life_ms", options.valid_cookie_life, 1, kHour);
  reader.GetInt("association_max_retrans", options.association_max_retrans, 1, 1000);
  reader.GetInt("path_max_retrans", options.path_max_retrans, 0, 1000);
  reader.GetInt("max_init_retransmits", options.max_init_retransmits, 0, 1000);
  reader.GetMillis("hb_interval_ms", options.hb_interval, 1, kHour);
  reader.Get("heartbeats", options.heartbeats_enabled);
  reader.GetMillis("sack_delay_ms", options.sack_delay, 0, 500);
  reader.GetInt("sack_frequency", options.sack_frequency, 1, 1000);
  reader.GetInt("outbound_streams", options.outbound_streams, 1, 65535);
  reader.GetInt("inbound_streams", options.max_inbound_streams, 1, 65535);
  reader.GetInt("send_buffer_bytes", options.send_buffer_bytes, 1500, int64_t{1} << 32);
  reader.GetInt("receive_buffer_bytes", options.receive_buffer_bytes, 1500, int64_t{1} << 32);
  reader.GetInt("partial_delivery_point_bytes", options.partial_delivery_point, 1,
                int64_t{1} << 32);
  reader.GetInt("max_message_size_bytes", options.max_message_size, 0, int64_t{1} << 32);
  reader.GetInt("path_mtu_bytes", options.path_mtu, 576, 65535);
  reader.Get("nodelay", options.nodelay);
  reader.Get("interleaving", options.enable_interleaving);
  reader.Get("partial_reliability", options.enable_partial_reliability);
  const YAML::Node guard = reader.Child("shutdown_guard_ms");
  if (guard && !guard.IsNull()) {
    Duration value{};
    reader.GetMillis("shutdown_guard_ms", value, 1, kHour);
    options.shutdown_guard = value;
  }
  const YAML::Node autoclose = reader.Child("autoclose_s");
  if (autoclose && !autoclose.IsNull()) {
    int64_t seconds = 0;
    reader.GetInt("autoclose_s", seconds, 1, 86400 * 365);
    options.autoclose = std::chrono::seconds(seconds);
  }
  reader.Finish();
  if (const std::optional<std::string> problem = options.Validate()) {
    reader.Fail(path, node, KeysForEngineMessage(*problem, path));
  }
  return options;
}

SourceConfig ReadSource(const MapReader& parent, const YAML::Node& node, const std::string& path,
                        const std::string& generic) {
  MapReader reader(node, path, generic, parent.file());
  SourceConfig source;
  ForEach(reader, "peers", [&](const std::string& at, const std::string&, const YAML::Node& item) {
    source.peers.push_back(AddressAt(reader, at, item));
  });
  if (source.peers.empty())
    reader.Fail(reader.Path("peers"), node, "missing: the peer's addresses");
  reader.GetInt("peer_port", source.peer_port, 1, 65535);
  if (source.peer_port == 0) reader.Fail(reader.Path("peer_port"), node, "missing");
  reader.GetInt("associations", source.associations, 1, 65535);
  reader.GetInt("message_size_bytes", source.message_size, 1, 1 << 24);
  reader.GetInt("rate", source.rate, 0, int64_t{1} << 40);
  reader.GetInt("streams", source.streams, 1, 65535);
  reader.GetInt("ppid", source.ppid, 0, UINT32_MAX);
  reader.Get("unordered", source.unordered);
  reader.GetInt("window", source.window, 0, 1 << 20);
  reader.Finish();
  return source;
}

EndpointConfig ReadEndpoint(const MapReader& parent, const std::string& path,
                            const std::string& generic, const YAML::Node& node,
                            const Config& config) {
  MapReader reader(node, path, generic, parent.file());
  EndpointConfig endpoint;
  reader.Get("name", endpoint.name);
  if (endpoint.name.empty())
    reader.Fail(reader.Path("name"), node, "missing: every endpoint needs a name");
  reader.GetInt("port", endpoint.port, 1, 65535);
  if (endpoint.port == 0) reader.Fail(reader.Path("port"), node, "missing: the local SCTP port");
  ForEach(reader, "addresses",
          [&](const std::string& at, const std::string&, const YAML::Node& item) {
            const IpAddress address = AddressAt(reader, at, item);
            const bool ours =
                std::any_of(config.ports.begin(), config.ports.end(), [&](const PortConfig& port) {
                  return std::any_of(
                      port.addresses.begin(), port.addresses.end(),
                      [&](const net::IpPrefix& prefix) { return prefix.address == address; });
                });
            if (!ours)
              reader.Fail(at, item,
                          fmt::format("{} is not an address of any port", address.ToString()));
            endpoint.addresses.push_back(address);
          });
  reader.GetEnum(
      "app", endpoint.app,
      {{"echo", AppKind::kEcho}, {"discard", AppKind::kDiscard}, {"source", AppKind::kSource}});
  endpoint.sctp = ReadSctp(reader, reader.Child("sctp"), reader.Path("sctp"),
                           reader.Generic("sctp"), config.sctp);
  const YAML::Node source = reader.Child("source");
  if (endpoint.app == AppKind::kSource) {
    if (!source) reader.Fail(reader.Path("source"), node, "missing: app source needs its settings");
    endpoint.source = ReadSource(reader, source, reader.Path("source"), reader.Generic("source"));
    if (endpoint.source->streams > endpoint.sctp.outbound_streams) {
      reader.Fail(reader.Path("source.streams"), source,
                  fmt::format("{} streams asked but sctp.outbound_streams is {}",
                              endpoint.source->streams, endpoint.sctp.outbound_streams));
    }
    const int last_port = endpoint.port + endpoint.source->associations - 1;
    if (last_port > 65535) {
      reader.Fail(
          reader.Path("source.associations"), source,
          "each association takes a local port from port upwards: too many for the port range");
    }
  } else if (source) {
    reader.Fail(reader.Path("source"), source, "only an endpoint with app: source takes these");
  }
  reader.Finish();
  return endpoint;
}

// "ports[0].devargs" -> {"ports", 0, "devargs"}; nullopt if malformed.
std::optional<std::vector<std::variant<std::string, size_t>>> SplitKey(std::string_view key) {
  std::vector<std::variant<std::string, size_t>> parts;
  size_t i = 0;
  while (i < key.size()) {
    size_t j = i;
    while (j < key.size() && key[j] != '.' && key[j] != '[') ++j;
    if (j == i) return std::nullopt;
    parts.emplace_back(std::string(key.substr(i, j - i)));
    while (j < key.size() && key[j] == '[') {
      const size_t close = key.find(']', j);
      if (close == std::string_view::npos) return std::nullopt;
      size_t index = 0;
      const auto [end, error] = std::from_chars(key.data() + j + 1, key.data() + close, index);
      if (error != std::errc() || end != key.data() + close) return std::nullopt;
      parts.emplace_back(index);
      j = close + 1;
    }
    if (j < key.size() && key[j] != '.') return std::nullopt;
    i = j + 1;
  }
  if (parts.empty()) return std::nullopt;
  return parts;
}

void ApplyOverride(YAML::Node& root, const std::string& assignment) {
  const size_t equals = assignment.find('=');
  const auto parts = equals == std::string::npos
                         ? std::nullopt
                         : SplitKey(std::string_view(assignment).substr(0, equals));
  if (!parts) {
    throw ConfigError{fmt::format(
        "--set {}: expected key=value with a key like sctp.rto_min_ms or ports[0].devargs",
        assignment)};
  }
  YAML::Node value;
  try {
    value = YAML::Load(assignment.substr(equals + 1));
  } catch (const YAML::Exception& e) {
    throw ConfigError{fmt::format("--set {}: the value is not YAML: {}", assignment, e.msg)};
  }
  // yaml-cpp nodes are handles: walking by assignment keeps the path alive.
  std::vector<YAML::Node> chain = {root};
  for (size_t k = 0; k + 1 < parts->size(); ++k) {
    YAML::Node next;
    if (const auto* name = std::get_if<std::string>(&(*parts)[k])) {
      next = chain.back()[*name];
    } else {
      const size_t index = std::get<size_t>((*parts)[k]);
      if (!chain.back().IsSequence() || index >= chain.back().size()) {
        throw ConfigError{
            fmt::format("--set {}: there is no element {} to change", assignment, index)};
      }
      next = chain.back()[index];
    }
    chain.push_back(next);
  }
  const auto& last = parts->back();
  if (const auto* name = std::get_if<std::string>(&last)) {
    chain.back()[*name] = value;
  } else {
    const size_t index = std::get<size_t>(last);
    if (!chain.back().IsSequence() || index >= chain.back().size()) {
      throw ConfigError{
          fmt::format("--set {}: there is no element {} to change", assignment, index)};
    }
    chain.back()[index] = value;
  }
}

Config ReadConfig(const YAML::Node& root, std::string_view file) {
  MapReader top(root, "", "", file);
  Config config;
  ReadEal(top, config.eal);
  ForEach(top, "ports",
          [&](const std::string& path, const std::string& generic, const YAML::Node& node) {
            config.ports.push_back(ReadPort(top, path, generic, node));
          });
  if (config.ports.empty()) top.Fail("ports", root, "missing: at least one port");
  for (size_t i = 0; i < config.ports.size(); ++i) {
    const PortConfig& port = config.ports[i];
    for (size_t j = 0; j < i; ++j) {
      if (config.ports[j].name == port.name)
        top.Fail(fmt::format("ports[{}].name", i), root["ports"][i],
                 fmt::format("\"{}\" is used by ports[{}] too", port.name, j));
    }
    if (port.ring_peer.empty()) continue;
    const auto peer =
        std::find_if(config.ports.begin(), config.ports.end(),
                     [&](const PortConfig& other) { return other.name == port.ring_peer; });
    if (peer == config.ports.end() || peer->ring_peer != port.name || &*peer == &port) {
      top.Fail(fmt::format("ports[{}].ring_peer", i), root["ports"][i],
               fmt::format("\"{}\" must name another port whose ring_peer is \"{}\"",
                           port.ring_peer, port.name));
    }
  }
  {
    MapReader shards(top.Child("shards"), "shards", "shards", file);
    shards.GetInt("count", config.shards.count, 1, 128);
    shards.GetEnum("placement", config.shards.placement,
                   {{"hash", Placement::kHash}, {"least_loaded", Placement::kLeastLoaded}});
    shards.GetInt("mbufs", config.shards.mbufs, 1023, 1 << 24);
    MapReader idle(shards.Child("idle"), "shards.idle", "shards.idle", file);
    bool sleep = true;
    idle.GetEnum("mode", sleep, {{"sleep", true}, {"busy", false}});
    config.shards.idle.sleep = sleep;
    idle.GetInt("empty_polls", config.shards.idle.empty_polls, 1, 1 << 20);
    idle.GetInt("sleep_us", config.shards.idle.sleep_us, 1, 100'000);
    idle.Finish();
    shards.Finish();
    for (const PortConfig& port : config.ports) {
      if (port.rx_queues < config.shards.count || port.tx_queues < config.shards.count) {
        shards.Fail(
            "shards.count", root["shards"],
            fmt::format("{} shards need {} rx and tx queues on every port; port {} has {} and {}",
                        config.shards.count, config.shards.count, port.name, port.rx_queues,
                        port.tx_queues));
      }
    }
  }
  config.sctp = ReadSctp(top, top.Child("sctp"), "sctp", "sctp", AssociationOptions{});
  ForEach(top, "endpoints",
          [&](const std::string& path, const std::string& generic, const YAML::Node& node) {
            config.endpoints.push_back(ReadEndpoint(top, path, generic, node, config));
          });
  for (size_t i = 0; i < config.endpoints.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (config.endpoints[j].name == config.endpoints[i].name) {
        top.Fail(fmt::format("endpoints[{}].name", i), root["endpoints"][i],
                 fmt::format("\"{}\" is used by endpoints[{}] too", config.endpoints[i].name, j));
      }
    }
  }
  {
    MapReader stats(top.Child("stats"), "stats", "stats", file);
    stats.GetInt("interval_ms", config.stats.interval_ms, 100, 3'600'000);
    stats.GetEnum("live", config.stats.live,
                  {{"auto", Toggle::kAuto}, {"on", Toggle::kOn}, {"off", Toggle::kOff}});
    stats.Finish();
  }
  top.GetInt("shutdown_timeout_ms", config.shutdown_timeout_ms, 0, 3'600'000);
  top.Finish();
  return config;
}

}  // namespace

std::optional<IpAddress> ParseIpAddress(std::string_view text) {
  const std::string copy(text);
  Ipv4Address v4{};
  if (inet_pton(AF_INET, copy.c_str(), v4.data()) == 1) return IpAddress::FromIpv4(v4);
  Ipv6Address v6{};
  if (inet_pton(AF_INET6, copy.c_str(), v6.data()) == 1) return IpAddress::FromIpv6(v6);
  return std::nullopt;
}

std::variant<Config, std::string> LoadConfig(std::string_view text, std::string_view source_name,
                                             std::span<const std::string> overrides) {
  try {
    YAML::Node root;
    try {
      root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
      return fmt::format("{}:{}: not valid YAML: {}", source_name, e.mark.line + 1, e.msg);
    }
    if (!root || root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
    for (const std::string& assignment : overrides) ApplyOverride(root, assignment);
    return ReadConfig(root, source_name);
  } catch (const ConfigError& error) {
    return error.message;
  } catch (const YAML::Exception& e) {
    return fmt::format("{}: {}", source_name, e.what());
  }
}

std::string ConfigYaml(std::string_view text, std::span<const std::string> overrides) {
  YAML::Node root = YAML::Load(std::string(text));
  for (const std::string& assignment : overrides) ApplyOverride(root, assignment);
  YAML::Emitter out;
  out << root;
  return std::string(out.c_str()) + "\n";
}

std::set<std::string> KnownConfigKeys() {
  // Load a configuration with every optional section present, so that
  // every reader runs.
  constexpr std::string_view kEverySection = R"(
ports:
  - name: a
    devargs: net_null0
    gateway: 198.18.0.254
    gateway6: fd00::fe
    addresses: [198.18.0.1/24, fd00::1/64]
    routes: [{prefix: 198.19.0.0/16, via: 198.18.0.254}]
    neighbours: [{address: 198.18.0.2, mac: "02:00:00:00:00:02"}]
endpoints:
  - {name: s, port: 40000, app: source, sctp: {shutdown_guard_ms: 1000, autoclose_s: 5}, source: {peers: [198.18.0.2], peer_port: 5001}}
)";
  LoadConfig(kEverySection, "(keys)");
  return ReadKeys();
}

}  // namespace sctpdp
