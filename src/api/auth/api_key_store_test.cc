#include "api/auth/api_key_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "api/auth/auth_format.h"
#include "api/auth/temp_dir.h"
#include "store/fs/fault_injection_file_system.h"

namespace vigil::api {
namespace {

constexpr int64_t kNow = 1795254300000;  // 2026-11-21T09:45:00.000Z

ApiKeySpec Spec(std::string name, ScopeSet scopes = ScopeBit(Scope::kRead), std::string tenant = "",
                std::vector<std::string> environments = {}) {
  ApiKeySpec spec;
  spec.name = std::move(name);
  spec.scopes = scopes;
  spec.tenant = std::move(tenant);
  spec.environments = std::move(environments);
  return spec;
}

class ApiKeyStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<ApiKeyStore> OpenStore(FileSystem* fs = DefaultFileSystem()) {
    Result<std::unique_ptr<ApiKeyStore>> store = ApiKeyStore::Open(fs, dir_.path());
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(*store) : nullptr;
  }

  CreatedApiKey MustCreate(ApiKeyStore* store, ApiKeySpec spec) {
    Result<CreatedApiKey> created = store->Create(std::move(spec), "cli", kNow);
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? *created : CreatedApiKey{};
  }

  std::string KeyFile() const { return dir_.Path("auth/keys.json"); }

  std::string FileText() {
    Result<std::string> text = DefaultFileSystem()->ReadFile(KeyFile());
    EXPECT_TRUE(text.ok()) << text.status().ToString();
    return text.ok() ? *text : "";
  }

  static int Mode(const std::string& path) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return -1;
    return static_cast<int>(st.st_mode & 0777);
  }

  TempDir dir_;
};

TEST_F(ApiKeyStoreTest, KeysHaveTheDocumentedFormatAndAreDistinct) {
  auto store = OpenStore();
  std::set<std::string> secrets;
  std::set<std::string> ids;
  for (int i = 0; i < 50; ++i) {
    CreatedApiKey k = MustCreate(store.get(), Spec("k" + std::to_string(i)));
    ASSERT_EQ(k.secret.size(), 46u) << k.secret;
    EXPECT_TRUE(k.secret.starts_with("vk_"));
    const std::string body = k.secret.substr(3);
    EXPECT_EQ(body.size(), 43u);
    EXPECT_TRUE(IsBase64UrlText(body)) << body;
    std::string raw;
    ASSERT_TRUE(Base64UrlDecode(body, &raw));
    EXPECT_EQ(raw.size(), 32u);
    EXPECT_TRUE(k.key.id.starts_with("key_"));
    EXPECT_EQ(k.key.id.size(), 20u);
    EXPECT_EQ(k.secret.find(k.key.id.substr(4)), std::string::npos);
    secrets.insert(k.secret);
    ids.insert(k.key.id);
  }
  EXPECT_EQ(secrets.size(), 50u);
  EXPECT_EQ(ids.size(), 50u);
}

TEST_F(ApiKeyStoreTest, OnlyTheHashIsOnDisk) {
  auto store = OpenStore();
  CreatedApiKey a = MustCreate(store.get(), Spec("a", ScopeBit(Scope::kIngest), "acme"));
  CreatedApiKey b = MustCreate(store.get(), Spec("b"));
  const std::string text = FileText();
  for (const CreatedApiKey* k : {&a, &b}) {
    EXPECT_EQ(text.find(k->secret), std::string::npos);
    EXPECT_EQ(text.find(k->secret.substr(3)), std::string::npos);
    EXPECT_EQ(text.find(k->secret.substr(3, 20)), std::string::npos);
    EXPECT_NE(text.find(HexEncode(Sha256(k->secret))), std::string::npos);
    EXPECT_NE(text.find(k->key.id), std::string::npos);
  }
  EXPECT_EQ(Mode(KeyFile()), 0600);
  EXPECT_EQ(Mode(dir_.Path("auth")), 0700);
  EXPECT_FALSE(DefaultFileSystem()->Exists(KeyFile() + ".tmp"));
}

TEST_F(ApiKeyStoreTest, OpenCreatesNothing) {
  auto store = OpenStore();
  EXPECT_TRUE(store->List().empty());
  EXPECT_FALSE(DefaultFileSystem()->Exists(dir_.Path("auth")));
}

TEST_F(ApiKeyStoreTest, AuthenticateGoodUnknownRevokedMalformed) {
  auto store = OpenStore();
  CreatedApiKey k =
      MustCreate(store.get(), Spec("ci", ScopeBit(Scope::kIngest), "acme", {"Production"}));
  Result<ApiKey> got = store->Authenticate(k.secret);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->id, k.key.id);
  EXPECT_EQ(got->name, "ci");
  EXPECT_EQ(got->scopes, ScopeBit(Scope::kIngest));
  EXPECT_EQ(got->tenant, "acme");
  EXPECT_EQ(got->environments, std::vector<std::string>{"production"});
  EXPECT_EQ(got->created_at_ms, kNow);
  EXPECT_EQ(got->created_by, "cli");

  // Unknown: right shape, another secret (one character changed).
  std::string other = k.secret;
  other[10] = other[10] == 'A' ? 'B' : 'A';
  Result<ApiKey> unknown = store->Authenticate(other);
  EXPECT_EQ(unknown.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(unknown.status().message(), "unknown API key");

  for (std::string_view bad :
       {std::string_view(""), std::string_view("vk_"), std::string_view(k.secret).substr(0, 45),
        std::string_view("vk_!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")}) {
    Result<ApiKey> r = store->Authenticate(bad);
    EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
    EXPECT_TRUE(
        r.status().message().starts_with("malformed API key: expected \"vk_\" and 43 "
                                         "base64url characters"))
        << r.status().message();
  }
  EXPECT_EQ(store->Authenticate(k.secret + "A").status().code(), StatusCode::kUnauthenticated);

  Result<ApiKey> revoked = store->Revoke(k.key.id, kNow + 1000);
  ASSERT_TRUE(revoked.ok()) << revoked.status().ToString();
  EXPECT_EQ(revoked->revoked_at_ms, kNow + 1000);
  Result<ApiKey> after = store->Authenticate(k.secret);
  EXPECT_EQ(after.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(after.status().message(),
            "API key " + k.key.id + " was revoked at 2026-11-21T09:45:01.000Z");
}

TEST_F(ApiKeyStoreTest, RevokeIsIdempotentAndNotFoundForUnknownIds) {
  auto store = OpenStore();
  CreatedApiKey k = MustCreate(store.get(), Spec("a"));
  ASSERT_TRUE(store->Revoke(k.key.id, kNow + 5).ok());
  Result<ApiKey> again = store->Revoke(k.key.id, kNow + 99);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->revoked_at_ms, kNow + 5);  // the first revocation stands
  Result<ApiKey> unknown = store->Revoke("key_nope", kNow);
  EXPECT_TRUE(unknown.status().IsNotFound());
  EXPECT_EQ(unknown.status().message(), "no API key with id \"key_nope\"");
  EXPECT_TRUE(store->Get("key_nope").status().IsNotFound());
  Result<ApiKey> got = store->Get(k.key.id);
  ASSERT_TRUE(got.ok());
  EXPECT_TRUE(got->revoked());
}

TEST_F(ApiKeyStoreTest, PersistsAcrossReopen) {
  std::vector<CreatedApiKey> keys;
  {
    auto store = OpenStore();
    keys.push_back(MustCreate(store.get(), Spec("one", ScopeBit(Scope::kAdmin))));
    keys.push_back(
        MustCreate(store.get(), Spec("two", ScopeBit(Scope::kRead) | ScopeBit(Scope::kExport),
                                     "acme", {"production", "staging"})));
    keys.push_back(MustCreate(store.get(), Spec("three", ScopeBit(Scope::kIngest), "_system")));
    ASSERT_TRUE(store->Revoke(keys[2].key.id, kNow + 7).ok());
  }
  auto store = OpenStore();
  std::vector<ApiKey> list = store->List();
  ASSERT_EQ(list.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(list[i].id, keys[i].key.id);
    EXPECT_EQ(list[i].name, keys[i].key.name);
    EXPECT_EQ(list[i].scopes, keys[i].key.scopes);
    EXPECT_EQ(list[i].tenant, keys[i].key.tenant);
    EXPECT_EQ(list[i].environments, keys[i].key.environments);
    EXPECT_EQ(list[i].created_at_ms, kNow);
  }
  EXPECT_TRUE(store->Authenticate(keys[0].secret).ok());
  EXPECT_TRUE(store->Authenticate(keys[1].secret).ok());
  EXPECT_EQ(store->Authenticate(keys[2].secret).status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(list[2].revoked_at_ms, kNow + 7);
}

TEST_F(ApiKeyStoreTest, CorruptFileIsRefusedAtOpen) {
  {
    auto store = OpenStore();
    MustCreate(store.get(), Spec("a"));
  }
  std::string text = FileText();
  text.resize(text.size() / 2);
  {
    auto f = DefaultFileSystem()->OpenWritable(KeyFile(), true);
    ASSERT_TRUE(f.ok());
    ASSERT_TRUE((*f)->Append(text).ok());
  }
  Result<std::unique_ptr<ApiKeyStore>> store = ApiKeyStore::Open(DefaultFileSystem(), dir_.path());
  ASSERT_FALSE(store.ok());
  EXPECT_TRUE(store.status().IsCorruption());
  EXPECT_TRUE(store.status().message().starts_with(KeyFile() + ": malformed JSON"))
      << store.status().message();
}

TEST_F(ApiKeyStoreTest, ValidationErrorsNameTheField) {
  auto store = OpenStore();
  const auto error = [&](ApiKeySpec spec, std::string_view by = "cli") {
    Result<CreatedApiKey> r = store->Create(std::move(spec), by, kNow);
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(r.status().IsInvalidArgument()) << r.status().ToString();
    return r.status().message();
  };
  EXPECT_EQ(error(Spec("a", 0)), "scopes: empty (scopes: ingest, read, export, admin)");
  EXPECT_EQ(error(Spec("")), "name: empty");
  EXPECT_EQ(error(Spec(std::string(129, 'x'))), "name: 129 bytes; the limit is 128");
  EXPECT_EQ(error(Spec("a", ScopeBit(Scope::kRead), "bad tenant")),
            "tenant: \"bad tenant\" may only hold letters, digits and . _ : @ -");
  EXPECT_EQ(error(Spec("a", ScopeBit(Scope::kRead), "_internal")).substr(0, 20),
            "tenant: \"_internal\":");
  EXPECT_EQ(error(Spec("a", ScopeBit(Scope::kRead), "", {"prod", "st age"})),
            "environments[1]: \"st age\" may only hold letters, digits and . _ -");
  EXPECT_EQ(error(Spec("a"), ""), "created_by: expected 1 to 128 bytes");
  EXPECT_TRUE(store->List().empty());
  EXPECT_FALSE(DefaultFileSystem()->Exists(KeyFile()));
}

TEST_F(ApiKeyStoreTest, FailedRenameLeavesTheOldFileIntact) {
  FaultInjectionFileSystem fs(DefaultFileSystem());
  auto store = OpenStore(&fs);
  CreatedApiKey a = MustCreate(store.get(), Spec("a"));
  const std::string before = FileText();

  fs.SetFailRenames(true);
  Result<CreatedApiKey> b = store->Create(Spec("b"), "cli", kNow);
  ASSERT_FALSE(b.ok());
  EXPECT_TRUE(b.status().IsIOError()) << b.status().ToString();
  EXPECT_TRUE(b.status().message().starts_with("saving the new API key: "));
  // Unchanged on disk (no temp file left) and in memory.
  EXPECT_EQ(FileText(), before);
  EXPECT_FALSE(DefaultFileSystem()->Exists(KeyFile() + ".tmp"));
  EXPECT_EQ(store->List().size(), 1u);
  // The old file still opens and authenticates.
  auto reopened = OpenStore();
  ASSERT_EQ(reopened->List().size(), 1u);
  EXPECT_TRUE(reopened->Authenticate(a.secret).ok());

  fs.ClearFaults();
  CreatedApiKey c = MustCreate(store.get(), Spec("c"));
  auto third = OpenStore();
  ASSERT_EQ(third->List().size(), 2u);
  EXPECT_TRUE(third->Authenticate(c.secret).ok());
}

TEST_F(ApiKeyStoreTest, EveryFailingOperationLeavesAReadableFile) {
  // Fail each mutating file-system operation of a Create in turn: the file on
  // disk is always the old set or the new one, and memory never runs ahead.
  FaultInjectionFileSystem fs(DefaultFileSystem());
  auto store = OpenStore(&fs);
  MustCreate(store.get(), Spec("first"));
  const uint64_t start = fs.OperationCount();
  MustCreate(store.get(), Spec("probe"));
  const uint64_t ops = fs.OperationCount() - start;
  ASSERT_GE(ops, 5u);  // open, append, sync, rename, sync dir at least
  for (uint64_t n = 1; n <= ops; ++n) {
    const size_t before = store->List().size();
    fs.FailNthOperation(n);
    Result<CreatedApiKey> r = store->Create(Spec("k" + std::to_string(n)), "cli", kNow);
    fs.FailNthOperation(0);
    EXPECT_FALSE(r.ok()) << "operation " << n;
    EXPECT_EQ(store->List().size(), before) << "operation " << n;
    auto reopened = OpenStore();
    ASSERT_NE(reopened, nullptr) << "operation " << n;
    const size_t on_disk = reopened->List().size();
    EXPECT_TRUE(on_disk == before || on_disk == before + 1) << "operation " << n;
    // A later Create writes the whole set again, from memory.
    MustCreate(store.get(), Spec("after" + std::to_string(n)));
    EXPECT_EQ(OpenStore()->List().size(), store->List().size());
  }
}

TEST_F(ApiKeyStoreTest, CreatedKeysSurvivePowerLoss) {
  FaultInjectionFileSystem fs(DefaultFileSystem());
  CreatedApiKey a;
  {
    auto store = OpenStore(&fs);
    a = MustCreate(store.get(), Spec("a"));
    ASSERT_TRUE(store->Revoke(MustCreate(store.get(), Spec("b")).key.id, kNow).ok());
  }
  ASSERT_TRUE(fs.DropUnsyncedData().ok());
  auto store = OpenStore();
  ASSERT_EQ(store->List().size(), 2u);
  EXPECT_TRUE(store->Authenticate(a.secret).ok());
  EXPECT_TRUE(store->List()[1].revoked());
}

TEST_F(ApiKeyStoreTest, FailedRevokeFailsClosedAndIsSavedLater) {
  FaultInjectionFileSystem fs(DefaultFileSystem());
  auto store = OpenStore(&fs);
  CreatedApiKey k = MustCreate(store.get(), Spec("k"));
  fs.SetFailSyncs(true);
  Result<ApiKey> r = store->Revoke(k.key.id, kNow);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().message().starts_with(
      k.key.id + " is revoked in this process, but the revocation was not saved: "))
      << r.status().message();
  // The key stops working at once, though the file still has it active.
  EXPECT_EQ(store->Authenticate(k.secret).status().code(), StatusCode::kUnauthenticated);
  EXPECT_TRUE(OpenStore()->Authenticate(k.secret).ok());
  // Retrying saves it.
  fs.ClearFaults();
  ASSERT_TRUE(store->Revoke(k.key.id, kNow + 1).ok());
  Result<ApiKey> saved = OpenStore()->Get(k.key.id);
  ASSERT_TRUE(saved.ok());
  EXPECT_EQ(saved->revoked_at_ms, kNow);
}

TEST_F(ApiKeyStoreTest, ConcurrentAuthenticateDuringCreateAndRevoke) {
  auto store = OpenStore();
  std::vector<CreatedApiKey> stable;
  for (int i = 0; i < 4; ++i) stable.push_back(MustCreate(store.get(), Spec("s")));
  CreatedApiKey gone = MustCreate(store.get(), Spec("gone"));
  ASSERT_TRUE(store->Revoke(gone.key.id, kNow).ok());

  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::atomic<uint64_t> checks{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      while (!stop.load()) {
        if (!store->Authenticate(stable[static_cast<size_t>(t)].secret).ok()) ++failures;
        if (store->Authenticate(gone.secret).ok()) ++failures;
        if (store->List().size() < 5) ++failures;
        ++checks;
      }
    });
  }
  for (int i = 0; i < 30; ++i) {
    CreatedApiKey k = MustCreate(store.get(), Spec("w" + std::to_string(i)));
    // Read-your-writes: a created key works at once, a revoked one stops at once.
    EXPECT_TRUE(store->Authenticate(k.secret).ok());
    if (i % 2 == 0) {
      ASSERT_TRUE(store->Revoke(k.key.id, kNow).ok());
      EXPECT_FALSE(store->Authenticate(k.secret).ok());
    }
  }
  stop = true;
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(checks.load(), 0u);
  EXPECT_EQ(OpenStore()->List().size(), 35u);
}

// Two nodes' stores, as the shared settings of a scale-out store join them.
TEST_F(ApiKeyStoreTest, MergeTakesInOtherNodesKeysAndRevocations) {
  TempDir other_dir;
  auto other = ApiKeyStore::Open(DefaultFileSystem(), other_dir.path());
  ASSERT_TRUE(other.ok());
  std::unique_ptr<ApiKeyStore> mine = OpenStore();
  const CreatedApiKey local = MustCreate(mine.get(), Spec("local"));
  Result<CreatedApiKey> remote = (*other)->Create(Spec("remote"), "cli", kNow);
  ASSERT_TRUE(remote.ok());
  EXPECT_TRUE(mine->Authenticate(remote->secret).status().code() == StatusCode::kUnauthenticated);

  auto merged = mine->Merge((*other)->Stored());
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(*merged, 1u);
  EXPECT_EQ(mine->Authenticate(remote->secret)->id, remote->key.id);
  EXPECT_EQ(*mine->Merge((*other)->Stored()), 0u);  // nothing new
  // Durable: the key is in this node's file.
  EXPECT_TRUE(OpenStore()->Authenticate(remote->secret).ok());

  // A revocation elsewhere revokes here; the earlier time wins.
  ASSERT_TRUE((*other)->Revoke(remote->key.id, kNow + 2000).ok());
  EXPECT_EQ(*mine->Merge((*other)->Stored()), 1u);
  EXPECT_EQ(*mine->Get(remote->key.id)->revoked_at_ms, kNow + 2000);
  ASSERT_TRUE(mine->Revoke(local.key.id, kNow + 1000).ok());
  ASSERT_TRUE((*other)->Merge(mine->Stored()).ok());
  EXPECT_TRUE((*other)->Authenticate(local.secret).status().code() == StatusCode::kUnauthenticated);
  EXPECT_EQ(*mine->Merge((*other)->Stored()), 0u);  // a revocation is never undone

  // An id with another secret is refused, naming the id.
  std::vector<StoredApiKey> forged = mine->Stored();
  forged[0].hash[0] ^= 1;
  auto refused = (*other)->Merge(forged);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find(forged[0].key.id), std::string::npos);
}

}  // namespace
}  // namespace vigil::api
