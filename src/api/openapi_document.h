// docs/openapi.json, built into the binary (cmake/EmbedFile.cmake).
#pragma once

#include <string_view>

namespace vigil::embedded {

extern const std::string_view kOpenApiJson;

}  // namespace vigil::embedded
