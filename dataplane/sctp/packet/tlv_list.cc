#include "dataplane/sctp/packet/tlv_list.h"

#include <algorithm>
#include <cstring>

namespace sctpdp {

ParseResult<TlvList> TlvList::Parse(std::span<const uint8_t> data, WireKind kind) {
  size_t offset = 0;
  while (offset < data.size()) {
    std::span<const uint8_t> rest = data.subspan(offset);
    if (rest.size() < kTlvHeaderSize) {
      return ParseError{.code = ParseErrorCode::kTruncated,
                        .kind = kind,
                        .offset = static_cast<uint32_t>(offset)};
    }
    const uint16_t type = PeekTlvType(rest, kind);
    const size_t length = PeekTlvLength(rest);
    auto error = [&](ParseErrorCode code, size_t at) {
      return ParseError{
          .code = code, .kind = kind, .type = type, .offset = static_cast<uint32_t>(at)};
    };
    if (length < kTlvHeaderSize) return error(ParseErrorCode::kLengthTooSmall, offset + 2);
    if (length > rest.size()) return error(ParseErrorCode::kLengthTooLarge, offset + 2);
    const size_t padded = PaddedLength(length);
    if (padded > rest.size()) {
      // Only the last field may end without its padding.
      if (length != rest.size()) return error(ParseErrorCode::kMissingPadding, offset + length);
      break;
    }
    offset += padded;
  }
  return TlvList(data, kind);
}

void TlvList::SerializeTo(std::span<uint8_t> out) const {
  if (out.size() < bytes_.size()) std::abort();
  if (!bytes_.empty()) std::memcpy(out.data(), bytes_.data(), bytes_.size());
}

TlvList::Field TlvList::Iterator::operator*() const {
  std::span<const uint8_t> rest = bytes_.subspan(offset_);
  return Field{.type = PeekTlvType(rest, kind_),
               .bytes = rest.first(PeekTlvLength(rest)),
               .offset = offset_};
}

TlvList::Iterator& TlvList::Iterator::operator++() {
  const size_t padded = PaddedLength(PeekTlvLength(bytes_.subspan(offset_)));
  offset_ = std::min(bytes_.size(), offset_ + padded);
  return *this;
}

bool operator==(const TlvList& a, const TlvList& b) {
  return a.kind_ == b.kind_ && std::equal(a.bytes_.begin(), a.bytes_.end(), b.bytes_.begin(),
                                          b.bytes_.end());
}

}  // namespace sctpdp
