#include "core/event.h"

namespace vigil {

std::string_view EventStatusName(EventStatus s) {
  return s == EventStatus::kError ? "error" : "success";
}

}  // namespace vigil
