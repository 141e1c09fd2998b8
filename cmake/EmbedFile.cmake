# Run as a script: cmake -DINPUT=file -DOUTPUT=file.cc -DSYMBOL=name -P EmbedFile.cmake
# Writes OUTPUT defining `extern const std::string_view SYMBOL;` in namespace vigil::embedded
# holding INPUT's bytes (used to build docs/openapi.json into the binary).
file(READ "${INPUT}" content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
file(WRITE "${OUTPUT}"
  "// Generated from ${INPUT} by cmake/EmbedFile.cmake; do not edit.\n"
  "#include <string_view>\n"
  "namespace vigil::embedded {\n"
  "static const char kData[] = {${bytes} 0};\n"
  "extern const std::string_view ${SYMBOL}(kData, sizeof(kData) - 1);\n"
  "}  // namespace vigil::embedded\n")
