#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace sctpdp {

// The flags DATA and I-DATA share (RFC 9260 section 3.3.1, RFC 8260
// section 2.1): Res(4) I U B E. Reserved bits are ignored on receipt.
struct DataFlags {
  bool immediate_ack = false;  // I: the receiver should SACK at once
  bool unordered = false;      // U
  bool beginning = false;      // B: first fragment of a user message
  bool end = false;            // E: last fragment of a user message

  static constexpr DataFlags FromByte(uint8_t flags);
  constexpr uint8_t ToByte() const {
    return static_cast<uint8_t>((immediate_ack ? 0x08 : 0) | (unordered ? 0x04 : 0) |
                                (beginning ? 0x02 : 0) | (end ? 0x01 : 0));
  }
  // "IUBE" letters for the flags that are set, "-" if none.
  std::string ToString() const;

  friend constexpr bool operator==(DataFlags, DataFlags) = default;

 private:
  static constexpr DataFlags Decode(uint8_t flags) {
    return DataFlags{.immediate_ack = (flags & 0x08) != 0,
                     .unordered = (flags & 0x04) != 0,
                     .beginning = (flags & 0x02) != 0,
                     .end = (flags & 0x01) != 0};
  }
  static constexpr std::array<DataFlags, 16> MakeTable();
  static const std::array<DataFlags, 16> kByLowBits;
};

// Every DATA chunk decodes its flags: one load from a table of the sixteen
// combinations costs less than four tests and shifts.
constexpr std::array<DataFlags, 16> DataFlags::MakeTable() {
  std::array<DataFlags, 16> table{};
  for (uint8_t bits = 0; bits < table.size(); ++bits) table[bits] = Decode(bits);
  return table;
}

inline constexpr std::array<DataFlags, 16> DataFlags::kByLowBits = MakeTable();

constexpr DataFlags DataFlags::FromByte(uint8_t flags) { return kByLowBits[flags & 0x0f]; }

}  // namespace sctpdp
