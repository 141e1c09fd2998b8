#include "config/listen_address.h"

#include <gtest/gtest.h>

namespace vigil::config {
namespace {

TEST(ListenAddressTest, ParsesHostAndPort) {
  struct Case {
    std::string_view text;
    std::string_view host;
    uint16_t port;
  };
  for (const Case& c : {Case{"127.0.0.1:8080", "127.0.0.1", 8080},
                        Case{"0.0.0.0:443", "0.0.0.0", 443}, Case{"[::1]:8080", "::1", 8080},
                        Case{"[::]:0", "::", 0}, Case{"localhost:9000", "localhost", 9000},
                        Case{"vigil.internal.example:65535", "vigil.internal.example", 65535},
                        Case{"[2001:db8::7]:80", "2001:db8::7", 80}}) {
    Result<ListenAddress> a = ListenAddress::Parse(c.text);
    ASSERT_TRUE(a.ok()) << c.text << ": " << a.status().ToString();
    EXPECT_EQ(a->host, c.host);
    EXPECT_EQ(a->port, c.port);
    EXPECT_EQ(a->ToString(), c.text);
  }
}

TEST(ListenAddressTest, RejectsBadAddressesSayingWhy) {
  struct Case {
    std::string_view text;
    std::string_view why;
  };
  for (const Case& c : {
           Case{"8080", "missing ':port'"},
           Case{"localhost", "missing ':port'"},
           Case{":8080", "missing host"},
           Case{"::1:8080", "an IPv6 address needs brackets"},
           Case{"[::1]8080", "missing ':port'"},
           Case{"[::1:8080", "missing ']'"},
           Case{"[bad]:80", "not an IPv6 address"},
           Case{"127.0.0.1:", "the port must be a number"},
           Case{"127.0.0.1:65536", "the port must be a number from 0 to 65535"},
           Case{"127.0.0.1:http", "the port must be a number"},
           Case{"300.1.2.3:80", "not an IPv4 address"},
           Case{"my_host:80", "not a host name"},
           Case{"-bad.example:80", "not a host name"},
       }) {
    Result<ListenAddress> a = ListenAddress::Parse(c.text);
    ASSERT_FALSE(a.ok()) << c.text;
    EXPECT_TRUE(a.status().IsInvalidArgument());
    EXPECT_NE(a.status().message().find(std::string(c.why)), std::string::npos)
        << a.status().message();
    EXPECT_NE(a.status().message().find("bad listen address '" + std::string(c.text) + "'"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace vigil::config
