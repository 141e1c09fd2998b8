#include "api/auth/private_file.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "api/auth/auth_format.h"

namespace vigil::api {
namespace {

std::string ParentDir(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

Status ChangeMode(const std::string& path, mode_t mode) {
  if (::chmod(path.c_str(), mode) != 0) {
    return Status::IOError(fmt::format("chmod {:o} {}: {}", mode, path, std::strerror(errno)));
  }
  return Status::Ok();
}

Status WriteTemp(FileSystem* fs, const std::string& tmp, std::string_view contents) {
  ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file, fs->OpenWritable(tmp, /*truncate=*/true));
  RETURN_IF_ERROR(ChangeMode(tmp, 0600));
  RETURN_IF_ERROR(file->Append(contents));
  RETURN_IF_ERROR(file->Sync());
  return file->Close();
}

}  // namespace

Status EnsurePrivateDir(FileSystem* fs, const std::string& dir) {
  const bool existed = fs->Exists(dir);
  RETURN_IF_ERROR(fs->CreateDir(dir));
  RETURN_IF_ERROR(ChangeMode(dir, 0700));
  if (!existed) RETURN_IF_ERROR(fs->SyncDir(ParentDir(dir)));
  return Status::Ok();
}

Status WritePrivateFileAtomically(FileSystem* fs, const std::string& path,
                                  std::string_view contents) {
  const std::string tmp = path + std::string(kTempFileSuffix);
  Status s = WriteTemp(fs, tmp, contents);
  if (s.ok()) s = fs->Rename(tmp, path);
  if (!s.ok()) {
    if (fs->Exists(tmp)) (void)fs->RemoveFile(tmp);
    return s;
  }
  return fs->SyncDir(ParentDir(path));
}

}  // namespace vigil::api
