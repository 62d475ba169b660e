#include "control/descriptors/descriptor_namespace.h"

#include <cerrno>
#include <cstdlib>
#include <utility>

namespace sctpdp {

DescriptorNamespace::DescriptorNamespace(uint32_t number, size_t limit)
    : number_(number), limit_(limit) {
  if (!IsValidLimit(limit) || number >= DescriptorRegistry::kMaxNamespaces) std::abort();
}

DescriptorNamespace::Slot* DescriptorNamespace::SlotOf(int id) {
  return const_cast<Slot*>(std::as_const(*this).SlotOf(id));
}

const DescriptorNamespace::Slot* DescriptorNamespace::SlotOf(int id) const {
  const int64_t index = int64_t{id} - int64_t{number_} * kIdsPerNamespace;
  if (index < 0 || index >= static_cast<int64_t>(slots_.size())) return nullptr;
  return &slots_[static_cast<size_t>(index)];
}

DescriptorResult DescriptorNamespace::Take(std::shared_ptr<Descriptor> descriptor) {
  if (closed_) return DescriptorResult{.error = EINVAL};
  if (taken_ >= limit_) return DescriptorResult{.error = EMFILE};
  size_t index = slots_.size();
  if (free_.empty()) {
    slots_.emplace_back();
  } else {
    index = free_.top();
    free_.pop();
  }
  slots_[index] = Slot{.descriptor = std::move(descriptor), .taken = true};
  ++taken_;
  // limit_ <= kIdsPerNamespace and number_ < kMaxNamespaces: it fits.
  return DescriptorResult{.id = static_cast<int>(number_ * kIdsPerNamespace + index)};
}

void DescriptorNamespace::Free(int id, Slot& slot) {
  slot = Slot{};
  --taken_;
  free_.push(static_cast<uint32_t>(id - static_cast<int>(number_) * kIdsPerNamespace));
}

DescriptorResult DescriptorNamespace::Insert(std::shared_ptr<Descriptor> descriptor) {
  // A null descriptor would look like a reservation nobody completes.
  if (descriptor == nullptr) return DescriptorResult{.error = EINVAL};
  const std::lock_guard<std::mutex> lock(mutex_);
  return Take(std::move(descriptor));
}

DescriptorResult DescriptorNamespace::Reserve() {
  const std::lock_guard<std::mutex> lock(mutex_);
  return Take(nullptr);
}

bool DescriptorNamespace::Commit(int id, std::shared_ptr<Descriptor> descriptor) {
  if (descriptor == nullptr) return false;
  const std::lock_guard<std::mutex> lock(mutex_);
  Slot* slot = SlotOf(id);
  if (slot == nullptr || !slot->taken || slot->descriptor != nullptr) return false;
  slot->descriptor = std::move(descriptor);
  return true;
}

bool DescriptorNamespace::Cancel(int id) {
  const std::lock_guard<std::mutex> lock(mutex_);
  Slot* slot = SlotOf(id);
  if (slot == nullptr || !slot->taken || slot->descriptor != nullptr) return false;
  Free(id, *slot);
  return true;
}

std::shared_ptr<Descriptor> DescriptorNamespace::Find(int id) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  const Slot* slot = SlotOf(id);
  return slot != nullptr ? slot->descriptor : nullptr;
}

std::shared_ptr<Descriptor> DescriptorNamespace::Remove(int id) {
  const std::lock_guard<std::mutex> lock(mutex_);
  Slot* slot = SlotOf(id);
  if (slot == nullptr || slot->descriptor == nullptr) return nullptr;
  // Returned, not destroyed here: the socket's destructor runs in the
  // caller, outside the lock.
  std::shared_ptr<Descriptor> removed = std::move(slot->descriptor);
  Free(id, *slot);
  return removed;
}

size_t DescriptorNamespace::size() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return taken_;
}

bool DescriptorNamespace::CloseIfEmpty() {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (taken_ != 0) return false;
  closed_ = true;
  return true;
}

DescriptorRegistry::DescriptorRegistry(size_t default_limit)
    : default_(std::make_shared<DescriptorNamespace>(0, default_limit)), namespaces_{default_} {}

NamespaceResult DescriptorRegistry::Create(size_t limit) {
  if (!DescriptorNamespace::IsValidLimit(limit)) return NamespaceResult{.error = EINVAL};
  const std::unique_lock<std::shared_mutex> lock(mutex_);
  size_t number = 1;
  while (number < namespaces_.size() && namespaces_[number] != nullptr) ++number;
  if (number >= kMaxNamespaces) return NamespaceResult{.error = EMFILE};
  if (number == namespaces_.size()) namespaces_.emplace_back();
  namespaces_[number] = std::make_shared<DescriptorNamespace>(static_cast<uint32_t>(number), limit);
  return NamespaceResult{.ns = namespaces_[number]};
}

std::shared_ptr<DescriptorNamespace> DescriptorRegistry::Find(uint32_t number) const {
  const std::shared_lock<std::shared_mutex> lock(mutex_);
  return number < namespaces_.size() ? namespaces_[number] : nullptr;
}

std::shared_ptr<DescriptorNamespace> DescriptorRegistry::NamespaceOf(int id) const {
  if (id < 0) return nullptr;
  return Find(static_cast<uint32_t>(id / DescriptorNamespace::kIdsPerNamespace));
}

int DescriptorRegistry::Destroy(uint32_t number) {
  const std::unique_lock<std::shared_mutex> lock(mutex_);
  if (number == 0 || number >= namespaces_.size() || namespaces_[number] == nullptr) {
    return EINVAL;
  }
  if (!namespaces_[number]->CloseIfEmpty()) return EBUSY;
  namespaces_[number].reset();
  return 0;
}

}  // namespace sctpdp
