#include "net/connection_watch.h"

#include <sys/socket.h>

namespace vigil::net {
namespace {

bool IsReadPhase(ConnectionPhase phase) {
  return phase == ConnectionPhase::kIdle || phase == ConnectionPhase::kHeader ||
         phase == ConnectionPhase::kBody || phase == ConnectionPhase::kLinger;
}

}  // namespace

void ConnectionWatch::Enter(ConnectionPhase phase, Clock::time_point deadline) {
  std::lock_guard lock(mu_);
  phase_ = phase;
  deadline_ = deadline;
}

std::optional<ConnectionPhase> ConnectionWatch::expired() const {
  std::lock_guard lock(mu_);
  return expired_;
}

bool ConnectionWatch::force_closed() const {
  std::lock_guard lock(mu_);
  return force_closed_;
}

bool ConnectionWatch::closed_idle() const {
  std::lock_guard lock(mu_);
  return closed_idle_;
}

void ConnectionWatch::Detach() {
  std::lock_guard lock(mu_);
  fd_ = -1;
}

bool ConnectionWatch::ExpireIfOverdue(Clock::time_point now) {
  std::lock_guard lock(mu_);
  if (fd_ < 0 || now < deadline_) return false;
  ::shutdown(fd_, IsReadPhase(phase_) ? SHUT_RD : SHUT_RDWR);
  if (!expired_) expired_ = phase_;
  deadline_ = Clock::time_point::max();  // fire once per step
  return true;
}

void ConnectionWatch::CloseIfIdle() {
  std::lock_guard lock(mu_);
  if (fd_ < 0 || phase_ != ConnectionPhase::kIdle) return;
  ::shutdown(fd_, SHUT_RD);
  closed_idle_ = true;
}

void ConnectionWatch::ForceClose() {
  std::lock_guard lock(mu_);
  if (fd_ < 0) return;
  ::shutdown(fd_, SHUT_RDWR);
  force_closed_ = true;
}

}  // namespace vigil::net
