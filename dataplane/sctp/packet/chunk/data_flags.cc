#include "dataplane/sctp/packet/chunk/data_flags.h"

namespace sctpdp {

std::string DataFlags::ToString() const {
  std::string letters;
  if (immediate_ack) letters += 'I';
  if (unordered) letters += 'U';
  if (beginning) letters += 'B';
  if (end) letters += 'E';
  return letters.empty() ? "-" : letters;
}

}  // namespace sctpdp
