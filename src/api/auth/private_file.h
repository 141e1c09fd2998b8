// Files only the server's user may read: the auth directory (mode 0700) and
// the credential files in it (mode 0600), replaced atomically through a
// FileSystem so tests can inject faults.
//
// FileSystem has no way to set permissions, so these call chmod(2) on the
// path: the file system's paths must be real paths (PosixFileSystem, or a
// FaultInjectionFileSystem over it). Permissions are set on the empty temp
// file before any byte of it is written.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "store/fs/file_system.h"

namespace vigil::api {

// Creates dir (and missing parents) when absent, sets its mode to 0700 and
// makes its entry durable (fsync of its parent). OK when it exists; its mode
// is set again.
Status EnsurePrivateDir(FileSystem* fs, const std::string& dir);

// Replaces path with contents: writes "<path>.tmp" (mode 0600), fsyncs it,
// renames it over path and fsyncs the directory. Returns after the directory
// fsync: the new contents are durable. On any failure the old file is left
// as it was (the temp file is removed when possible).
Status WritePrivateFileAtomically(FileSystem* fs, const std::string& path,
                                  std::string_view contents);

}  // namespace vigil::api
