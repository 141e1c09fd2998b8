// Environment: the environment variables configuration reads, injectable
// so tests need not touch the process environment.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace vigil::config {

// A value type; thread-compatible.
class Environment {
 public:
  Environment() = default;  // no variables
  explicit Environment(std::map<std::string, std::string, std::less<>> vars)
      : vars_(std::move(vars)) {}

  // A snapshot of the process's VIGIL_* variables (reads `environ`; call
  // while no other thread changes the environment).
  static Environment FromProcess();

  // The variable's value when it is set and not empty (an empty variable
  // counts as unset).
  std::optional<std::string_view> Get(std::string_view name) const;

  const std::map<std::string, std::string, std::less<>>& vars() const { return vars_; }

 private:
  std::map<std::string, std::string, std::less<>> vars_;
};

}  // namespace vigil::config
