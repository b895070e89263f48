#include "process/tokenize/tokenizer_file.h"

#include <fstream>
#include <sstream>

namespace strata::process::tokenize {

Result<std::string> ReadTokenizerFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("tokenizer file " + path + ": cannot open");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return Status::IOError("tokenizer file " + path + ": read failed");
  return buf.str();
}

}  // namespace strata::process::tokenize
