# Run as a script:
#   cmake -DINPUT_DIR=dist -DOUTPUT=ui_assets_data.cc -P EmbedUiAssets.cmake
# Writes OUTPUT defining web::UiAssets() (src/web/ui_asset.h): every file
# below INPUT_DIR (the Vite build of ui/) as bytes, with its URL path, its
# content type, whether its name is content-hashed (files under assets/,
# which Vite names name-HASH.ext), and for text files over 1 KiB a gzip copy
# (made here with CMake's own libarchive). An empty or missing INPUT_DIR
# gives an empty table (a build without the UI).
# embed_bytes(FILE SYMBOL SIZE_VAR): appends `const char SYMBOL[]` holding
# FILE's bytes to `arrays`; sets SIZE_VAR to their number.
macro(embed_bytes file symbol size_var)
  file(READ "${file}" content HEX)
  string(LENGTH "${content}" hex_length)
  math(EXPR ${size_var} "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
  string(APPEND arrays "const char ${symbol}[] = {${bytes} 0};\n")
endmacro()

file(REMOVE_RECURSE "${OUTPUT}.gz.d")
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
  embed_bytes("${INPUT_DIR}/${rel}" "kAsset${i}" size)
  file(SIZE "${INPUT_DIR}/${rel}" file_size)
  set(gzip "std::string_view()")
  if(type MATCHES "^(text/|image/svg|application/json)" AND file_size GREATER 1024)
    set(gz "${OUTPUT}.gz.d/${i}.gz")
    file(MAKE_DIRECTORY "${OUTPUT}.gz.d")
    file(ARCHIVE_CREATE OUTPUT "${gz}" PATHS "${INPUT_DIR}/${rel}" FORMAT raw COMPRESSION GZip
         COMPRESSION_LEVEL 9)
    embed_bytes("${gz}" "kGzip${i}" gz_size)
    set(gzip "std::string_view(kGzip${i}, ${gz_size})")
  endif()
  string(APPEND entries "    {\"/${rel}\", \"${type}\", std::string_view(kAsset${i}, ${size}), "
                        "${hashed}, ${gzip}},\n")
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
  "    {\"\", \"\", std::string_view(), false, std::string_view()},\n"
  "};\n"
  "}  // namespace\n"
  "std::span<const UiAsset> UiAssets() { return {kAssets, ${i}}; }\n"
  "}  // namespace vigil::web\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
