# Run as a script:
#   cmake -DINPUT_DIR=dist -DOUTPUT=ui_assets_data.cc -P EmbedUiAssets.cmake
# Writes OUTPUT defining web::UiAssets() (src/web/ui_asset.h): every file
# below INPUT_DIR (the Vite build of ui/) as bytes, with its URL path, its
# content type and whether its name is content-hashed (files under assets/,
# which Vite names name-HASH.ext). An empty or missing INPUT_DIR gives an
# empty table (a build without the UI).
file(GLOB_RECURSE files RELATIVE "${INPUT_DIR}" "${INPUT_DIR}/*")
list(SORT files)
set(arrays "")
set(entries "")
set(i 0)
foreach(rel IN LISTS files)
  get_filename_component(ext "${rel}" LAST_EXT)
  string(TOLOWER "${ext}" ext)
  if(ext STREQUAL ".html")
    set(type "text/html; charset=utf-8")
  elseif(ext STREQUAL ".js" OR ext STREQUAL ".mjs")
    set(type "text/javascript; charset=utf-8")
  elseif(ext STREQUAL ".css")
    set(type "text/css; charset=utf-8")
  elseif(ext STREQUAL ".svg")
    set(type "image/svg+xml")
  elseif(ext STREQUAL ".png")
    set(type "image/png")
  elseif(ext STREQUAL ".ico")
    set(type "image/x-icon")
  elseif(ext STREQUAL ".json" OR ext STREQUAL ".webmanifest")
    set(type "application/json")
  elseif(ext STREQUAL ".woff2")
    set(type "font/woff2")
  elseif(ext STREQUAL ".txt")
    set(type "text/plain; charset=utf-8")
  else()
    message(FATAL_ERROR "EmbedUiAssets: no content type for ${rel}")
  endif()
  if(rel MATCHES "^assets/")
    set(hashed true)
  else()
    set(hashed false)
  endif()
  file(READ "${INPUT_DIR}/${rel}" content HEX)
  string(LENGTH "${content}" hex_length)
  math(EXPR size "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
  string(APPEND arrays "const char kAsset${i}[] = {${bytes} 0};\n")
  string(APPEND entries
         "    {\"/${rel}\", \"${type}\", std::string_view(kAsset${i}, ${size}), ${hashed}},\n")
  math(EXPR i "${i} + 1")
endforeach()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from the Vite build of ui/ by cmake/EmbedUiAssets.cmake; do not edit.\n"
  "#include \"web/ui_asset.h\"\n"
  "namespace vigil::web {\n"
  "namespace {\n"
  "${arrays}"
  "const UiAsset kAssets[] = {\n"
  "${entries}"
  "    {\"\", \"\", std::string_view(), false},\n"
  "};\n"
  "}  // namespace\n"
  "std::span<const UiAsset> UiAssets() { return {kAssets, ${i}}; }\n"
  "}  // namespace vigil::web\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
