// TestTempDir: a fresh directory under $VIGIL_TEST_TMPDIR (or the system's
// temp dir) for one test, removed with everything in it when destroyed.
// Test-only.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace vigil::config {

class TestTempDir {
 public:
  TestTempDir() {
    const char* base = std::getenv("VIGIL_TEST_TMPDIR");
    std::string root = base != nullptr ? base : std::filesystem::temp_directory_path().string();
    std::filesystem::create_directories(root);
    std::string tmpl = root + "/config-XXXXXX";
    EXPECT_NE(::mkdtemp(tmpl.data()), nullptr);
    path_ = tmpl;
  }
  ~TestTempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TestTempDir(const TestTempDir&) = delete;
  TestTempDir& operator=(const TestTempDir&) = delete;

  const std::string& path() const { return path_; }

  // Writes name (relative) with contents; returns its path.
  std::string Write(std::string_view name, std::string_view contents) const {
    std::string p = path_ + "/" + std::string(name);
    std::ofstream out(p, std::ios::binary);
    out << contents;
    EXPECT_TRUE(out.good()) << p;
    return p;
  }

 private:
  std::string path_;
};

}  // namespace vigil::config
