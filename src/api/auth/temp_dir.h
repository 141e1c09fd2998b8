// TempDir: a fresh directory under $VIGIL_TEST_TMPDIR (or /tmp) for one
// test, removed with its contents when destroyed. Tests only.
#pragma once

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "store/fs/file_system.h"

namespace vigil::api {

class TempDir {
 public:
  TempDir() {
    const char* root = std::getenv("VIGIL_TEST_TMPDIR");
    std::string base = root != nullptr && *root != '\0' ? root : "/tmp";
    std::filesystem::create_directories(base);
    std::string templ = JoinPath(base, "auth_test.XXXXXX");
    if (::mkdtemp(templ.data()) == nullptr) std::abort();
    path_ = templ;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string Path(std::string_view name) const { return JoinPath(path_, name); }

 private:
  std::string path_;
};

}  // namespace vigil::api
