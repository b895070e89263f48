#include "testing/duckdb_peer.h"

#include <filesystem>
#include <fstream>

#include "testing/subprocess.h"

namespace strata::testing {

bool HaveDuckDbPeer() {
  return std::system("node --version > /dev/null 2>&1") == 0 &&
         std::filesystem::exists(kDuckDbPeerModule);
}

nlohmann::json DuckDbQuery(const std::string& sql, const std::string& work_dir) {
  std::string sql_file = work_dir + "/query.sql";
  std::ofstream(sql_file) << sql;
  CommandResult r =
      RunCommand("node " + ShellQuote(kDuckDbQueryScript) + " " + ShellQuote(sql_file));
  EXPECT_EQ(r.exit_code, 0) << "duckdb failed on: " << sql << "\n" << r.err;
  if (r.exit_code != 0) {
    return nlohmann::json::object(
        {{"rows", nlohmann::json::array()}, {"types", nlohmann::json::array()}});
  }
  return nlohmann::json::parse(r.out);
}

}  // namespace strata::testing
