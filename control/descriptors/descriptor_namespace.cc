#include "control/descriptors/descriptor_namespace.h"

#include <cerrno>

namespace sctpdp {

DescriptorNamespace::Slot* DescriptorNamespace::SlotOf(int id) {
  return const_cast<Slot*>(std::as_const(*this).SlotOf(id));
}

const DescriptorNamespace::Slot* DescriptorNamespace::SlotOf(int id) const {
  const int64_t index = int64_t{id} - int64_t{number_} * kIdsPerNamespace;
  if (index < 0 || index >= static_cast<int64_t>(slots_.size())) return nullptr;
  return &slots_[static_cast<size_t>(index)];
}

DescriptorResult DescriptorNamespace::Take(std::shared_ptr<Descriptor> descriptor) {
  if (taken_ >= limit_) return DescriptorResult{.id = -1, .error = EMFILE};
  size_t index = lowest_free_;
  while (index < slots_.size() && slots_[index].taken) ++index;
  if (index == slots_.size()) slots_.emplace_back();
  slots_[index] = Slot{.descriptor = std::move(descriptor), .taken = true};
  ++taken_;
  lowest_free_ = index + 1;
  return DescriptorResult{.id = static_cast<int>(number_ * kIdsPerNamespace + index), .error = 0};
}

DescriptorResult DescriptorNamespace::Insert(std::shared_ptr<Descriptor> descriptor) {
  const std::lock_guard<std::mutex> lock(mutex_);
  return Take(std::move(descriptor));
}

DescriptorResult DescriptorNamespace::Reserve() {
  const std::lock_guard<std::mutex> lock(mutex_);
  return Take(nullptr);
}

void DescriptorNamespace::Commit(int id, std::shared_ptr<Descriptor> descriptor) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (Slot* slot = SlotOf(id); slot != nullptr && slot->taken)
    slot->descriptor = std::move(descriptor);
}

void DescriptorNamespace::Cancel(int id) { Remove(id); }

std::shared_ptr<Descriptor> DescriptorNamespace::Find(int id) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  const Slot* slot = SlotOf(id);
  return slot != nullptr ? slot->descriptor : nullptr;
}

std::shared_ptr<Descriptor> DescriptorNamespace::Remove(int id) {
  const std::lock_guard<std::mutex> lock(mutex_);
  Slot* slot = SlotOf(id);
  if (slot == nullptr || !slot->taken) return nullptr;
  std::shared_ptr<Descriptor> removed = std::move(slot->descriptor);
  *slot = Slot{};
  --taken_;
  const auto index = static_cast<size_t>(id - static_cast<int>(number_) * kIdsPerNamespace);
  if (index < lowest_free_) lowest_free_ = index;
  return removed;
}

size_t DescriptorNamespace::size() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return taken_;
}

DescriptorRegistry::DescriptorRegistry(size_t default_limit) {
  namespaces_.push_back(std::make_unique<DescriptorNamespace>(0, default_limit));
}

DescriptorResult DescriptorRegistry::Create(size_t limit) {
  if (limit == 0 || limit > static_cast<size_t>(DescriptorNamespace::kIdsPerNamespace)) {
    return DescriptorResult{.id = -1, .error = EINVAL};
  }
  const std::unique_lock<std::shared_mutex> lock(mutex_);
  size_t number = 1;
  while (number < namespaces_.size() && namespaces_[number] != nullptr) ++number;
  if (number >= kMaxNamespaces) return DescriptorResult{.id = -1, .error = EMFILE};
  if (number == namespaces_.size()) namespaces_.emplace_back();
  namespaces_[number] = std::make_unique<DescriptorNamespace>(static_cast<uint32_t>(number), limit);
  return DescriptorResult{.id = static_cast<int>(number), .error = 0};
}

DescriptorNamespace* DescriptorRegistry::Find(uint32_t number) const {
  const std::shared_lock<std::shared_mutex> lock(mutex_);
  return number < namespaces_.size() ? namespaces_[number].get() : nullptr;
}

DescriptorNamespace* DescriptorRegistry::NamespaceOf(int id) const {
  if (id < 0) return nullptr;
  return Find(static_cast<uint32_t>(id / DescriptorNamespace::kIdsPerNamespace));
}

int DescriptorRegistry::Destroy(uint32_t number) {
  const std::unique_lock<std::shared_mutex> lock(mutex_);
  if (number == 0 || number >= namespaces_.size() || namespaces_[number] == nullptr) return EINVAL;
  if (namespaces_[number]->size() != 0) return EBUSY;
  namespaces_[number].reset();
  return 0;
}

}  // namespace sctpdp
