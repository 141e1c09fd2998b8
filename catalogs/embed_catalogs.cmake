# Run as a script:
#   cmake -DDIR=catalogs -DNAMES=default,lowcoder -DOUTPUT=shipped_catalogs_data.cc -P embed_catalogs.cmake
# Writes OUTPUT defining vigil::catalogs::ShippedCatalogs() (shipped_catalogs.h)
# over the bytes of DIR/<name>.yaml for each of NAMES, in that order.
string(REPLACE "," ";" names "${NAMES}")
set(arrays "")
set(entries "")
foreach(name IN LISTS names)
  file(READ "${DIR}/${name}.yaml" content HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
  string(MAKE_C_IDENTIFIER "${name}" symbol)
  string(APPEND arrays "const char k_${symbol}[] = {${bytes} 0};\n")
  string(APPEND entries
         "    {\"${name}.yaml\", std::string_view(k_${symbol}, sizeof(k_${symbol}) - 1)},\n")
endforeach()
file(WRITE "${OUTPUT}"
  "// Generated from catalogs/*.yaml by catalogs/embed_catalogs.cmake; do not edit.\n"
  "#include \"catalogs/shipped_catalogs.h\"\n"
  "namespace vigil::catalogs {\n"
  "namespace {\n"
  "${arrays}"
  "const EmbeddedFile kFiles[] = {\n"
  "${entries}"
  "};\n"
  "}  // namespace\n"
  "std::span<const EmbeddedFile> ShippedCatalogs() { return kFiles; }\n"
  "}  // namespace vigil::catalogs\n")
