#include "dataplane/sctp/tx/outgoing_message.h"

namespace sctpdp {

void MessageBodyPool::Drop(message_body_internal::Node* node) {
  delete node;
  if (orphaned_ && live_ == 0) delete this;
}

void MessageBodyPool::Trim(size_t keep) {
  while (retained_ > keep) {
    message_body_internal::Node* node = free_;
    free_ = node->next_free;
    retained_bytes_ -= RetainedSize(*node);
    --retained_;
    delete node;
  }
}

void MessageBodyPool::Orphaner::operator()(MessageBodyPool* pool) const {
  pool->Trim(0);
  if (pool->live_ == 0) {
    delete pool;
  } else {
    pool->orphaned_ = true;
  }
}

}  // namespace sctpdp
