#include "reos/minio/lifecycle.hpp"

#include <algorithm>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "reos/util/text.hpp"

namespace reos::minio {

using nlohmann::json;

namespace {

class Checker {
 public:
  std::vector<LifecycleProblem> problems;

  void add(const std::string& where, std::string what) { problems.push_back({where, std::move(what)}); }

  // Unknown keys are refused with the canonical spelling when only the case differs.
  void keys(const json& obj, const std::string& where, std::initializer_list<std::string_view> allowed) {
    for (const auto& [k, v] : obj.items()) {
      if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
      std::string suggestion;
      for (auto a : allowed) {
        if (a.size() == k.size() && std::equal(a.begin(), a.end(), k.begin(), [](char x, char y) {
              return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
            }))
          suggestion = fmt::format(" (write '{}')", a);
      }
      std::vector<std::string> names(allowed.begin(), allowed.end());
      add(path(where, k),
          suggestion.empty() ? fmt::format("unknown key; allowed here: {}", util::join(names, ", ")) : "wrong case" + suggestion);
    }
  }

  bool object(const json& j, const std::string& where) {
    if (j.is_object()) return true;
    add(where, fmt::format("must be an object, got {}", j.type_name()));
    return false;
  }

  void positive(const json& obj, const std::string& where, const char* key, bool required) {
    if (!obj.contains(key)) {
      if (required) add(path(where, key), "is required");
      return;
    }
    const json& v = obj[key];
    if (!v.is_number_integer() || v.get<long long>() < 1 || v.get<long long>() > 36500) {
      add(path(where, key), fmt::format("must be a whole number from 1 to 36500, got {}", v.dump()));
    }
  }

  void text(const json& obj, const std::string& where, const char* key, bool required) {
    if (!obj.contains(key)) {
      if (required) add(path(where, key), "is required");
      return;
    }
    if (!obj[key].is_string() || (required && obj[key].get<std::string>().empty()))
      add(path(where, key), required ? "must be a non-empty string" : "must be a string");
  }

  void boolean(const json& obj, const std::string& where, const char* key) {
    if (obj.contains(key) && !obj[key].is_boolean()) add(path(where, key), "must be true or false");
  }

  // S3 dates are midnight UTC: "2026-01-01T00:00:00Z" (or the date alone).
  void date(const json& obj, const std::string& where, const char* key) {
    if (!obj.contains(key)) return;
    static const std::regex re(R"(^\d{4}-\d{2}-\d{2}(T00:00:00(\.0+)?Z)?$)");
    // std::regex recurses once per character: a 30k-digit fraction overflowed the stack.
    // No date is longer than 64 characters, so longer text is refused before matching.
    if (!obj[key].is_string() || obj[key].get_ref<const std::string&>().size() > 64 ||
        !std::regex_match(obj[key].get<std::string>(), re))
      add(path(where, key), "must be a date at midnight UTC, e.g. \"2026-01-01T00:00:00Z\"");
  }

  void days_or_date(const json& obj, const std::string& where, bool allow_marker) {
    bool has_days = obj.contains("Days"), has_date = obj.contains("Date");
    bool has_marker = allow_marker && obj.contains("ExpiredObjectDeleteMarker");
    if (has_days && has_date) add(where, "give Days or Date, not both");
    if (!has_days && !has_date && !has_marker)
      add(where, allow_marker ? "needs Days, Date or ExpiredObjectDeleteMarker" : "needs Days or Date");
    if (has_marker && (has_days || has_date) && obj["ExpiredObjectDeleteMarker"] == true)
      add(path(where, "ExpiredObjectDeleteMarker"), "cannot be combined with Days or Date");
    if (has_days) positive(obj, where, "Days", true);
    date(obj, where, "Date");
  }

  void filter(const json& f, const std::string& where) {
    if (!object(f, where)) return;
    keys(f, where, {"Prefix", "Tag", "And", "ObjectSizeLessThan", "ObjectSizeGreaterThan"});
    text(f, where, "Prefix", false);
    if (f.contains("Tag")) tag(f["Tag"], path(where, "Tag"));
    for (const char* k : {"ObjectSizeLessThan", "ObjectSizeGreaterThan"})
      if (f.contains(k) && (!f[k].is_number_integer() || f[k].get<long long>() < 0))
        add(path(where, k), "must be a whole number of bytes");
    if (f.contains("And")) {
      std::string w = path(where, "And");
      const json& a = f["And"];
      if (!object(a, w)) return;
      keys(a, w, {"Prefix", "Tags", "ObjectSizeLessThan", "ObjectSizeGreaterThan"});
      text(a, w, "Prefix", false);
      if (a.contains("Tags")) {
        if (!a["Tags"].is_array())
          add(path(w, "Tags"), "must be an array of {\"Key\",\"Value\"}");
        else
          for (std::size_t i = 0; i < a["Tags"].size(); ++i) tag(a["Tags"][i], fmt::format("{}.Tags[{}]", w, i));
      }
    }
    std::size_t kinds = f.contains("Prefix") + f.contains("Tag") + f.contains("And");
    if (kinds > 1) add(where, "use one of Prefix, Tag or And (put several conditions inside And)");
  }

  void tag(const json& t, const std::string& where) {
    if (!object(t, where)) return;
    keys(t, where, {"Key", "Value"});
    text(t, where, "Key", true);
    text(t, where, "Value", false);
  }

  void rule(const json& r, const std::string& where, std::set<std::string>& ids, std::vector<std::string>& id_list) {
    if (!object(r, where)) return;
    keys(r, where,
         {"ID", "Status", "Filter", "Prefix", "Expiration", "Transition", "NoncurrentVersionExpiration",
          "NoncurrentVersionTransition", "AbortIncompleteMultipartUpload", "DelMarkerExpiration", "AllVersionsExpiration"});
    if (!r.contains("ID") || !r["ID"].is_string() || r["ID"].get<std::string>().empty()) {
      add(path(where, "ID"), "is required: a non-empty name (mc export and the server report rules by ID)");
    } else {
      std::string id = r["ID"].get<std::string>();
      if (id.size() > 255) add(path(where, "ID"), "is longer than 255 characters");
      if (!ids.insert(id).second) add(path(where, "ID"), fmt::format("'{}' is used by more than one rule", id));
      id_list.push_back(id);
    }
    if (!r.contains("Status")) {
      add(path(where, "Status"), "is required: Enabled or Disabled");
    } else if (r["Status"] != "Enabled" && r["Status"] != "Disabled") {
      add(path(where, "Status"),
          fmt::format("must be Enabled or Disabled (exactly; the server is case-sensitive), got {}", r["Status"].dump()));
    }
    if (r.contains("Filter")) filter(r["Filter"], path(where, "Filter"));
    text(r, where, "Prefix", false);
    if (r.contains("Filter") && r.contains("Prefix")) add(where, "give Filter or the legacy Prefix, not both");

    bool any_action = false;
    if (r.contains("Expiration")) {
      any_action = true;
      std::string w = path(where, "Expiration");
      if (object(r["Expiration"], w)) {
        keys(r["Expiration"], w, {"Days", "Date", "ExpiredObjectDeleteMarker", "ExpiredObjectAllVersions"});
        boolean(r["Expiration"], w, "ExpiredObjectDeleteMarker");
        boolean(r["Expiration"], w, "ExpiredObjectAllVersions");
        days_or_date(r["Expiration"], w, true);
      }
    }
    if (r.contains("Transition")) {
      any_action = true;
      std::string w = path(where, "Transition");
      if (object(r["Transition"], w)) {
        keys(r["Transition"], w, {"Days", "Date", "StorageClass"});
        days_or_date(r["Transition"], w, false);
        text(r["Transition"], w, "StorageClass", true);
      }
    }
    if (r.contains("NoncurrentVersionExpiration")) {
      any_action = true;
      std::string w = path(where, "NoncurrentVersionExpiration");
      if (object(r["NoncurrentVersionExpiration"], w)) {
        keys(r["NoncurrentVersionExpiration"], w, {"NoncurrentDays", "NewerNoncurrentVersions"});
        positive(r["NoncurrentVersionExpiration"], w, "NoncurrentDays", true);
        positive(r["NoncurrentVersionExpiration"], w, "NewerNoncurrentVersions", false);
      }
    }
    if (r.contains("NoncurrentVersionTransition")) {
      any_action = true;
      std::string w = path(where, "NoncurrentVersionTransition");
      if (object(r["NoncurrentVersionTransition"], w)) {
        keys(r["NoncurrentVersionTransition"], w, {"NoncurrentDays", "StorageClass", "NewerNoncurrentVersions"});
        positive(r["NoncurrentVersionTransition"], w, "NoncurrentDays", true);
        text(r["NoncurrentVersionTransition"], w, "StorageClass", true);
        positive(r["NoncurrentVersionTransition"], w, "NewerNoncurrentVersions", false);
      }
    }
    if (r.contains("AbortIncompleteMultipartUpload")) {
      any_action = true;
      std::string w = path(where, "AbortIncompleteMultipartUpload");
      if (object(r["AbortIncompleteMultipartUpload"], w)) {
        keys(r["AbortIncompleteMultipartUpload"], w, {"DaysAfterInitiation"});
        positive(r["AbortIncompleteMultipartUpload"], w, "DaysAfterInitiation", true);
      }
    }
    if (r.contains("DelMarkerExpiration")) {
      any_action = true;
      std::string w = path(where, "DelMarkerExpiration");
      if (object(r["DelMarkerExpiration"], w)) {
        keys(r["DelMarkerExpiration"], w, {"Days"});
        positive(r["DelMarkerExpiration"], w, "Days", true);
      }
    }
    if (r.contains("AllVersionsExpiration")) {
      any_action = true;
      std::string w = path(where, "AllVersionsExpiration");
      if (object(r["AllVersionsExpiration"], w)) {
        keys(r["AllVersionsExpiration"], w, {"Days", "DeleteMarker"});
        positive(r["AllVersionsExpiration"], w, "Days", true);
        boolean(r["AllVersionsExpiration"], w, "DeleteMarker");
      }
    }
    if (!any_action) {
      add(where,
          "has no action (Expiration, Transition, NoncurrentVersionExpiration, NoncurrentVersionTransition, "
          "AbortIncompleteMultipartUpload, DelMarkerExpiration or AllVersionsExpiration)");
    }
  }

  static std::string path(const std::string& where, std::string_view key) {
    return where.empty() ? std::string(key) : where + "." + std::string(key);
  }
};

}  // namespace

LifecycleCheck check_lifecycle(std::string_view text) {
  LifecycleCheck out;
  Checker c;
  const std::string trimmed = util::trim(text);
  if (trimmed.empty()) {
    c.add("(document)", "is empty");
  } else if (trimmed[0] == '<') {
    c.add("(document)",
          "is XML; mc imports the JSON form {\"Rules\":[...]} (convert the XML or export one with minio-lifecycle export)");
  } else {
    json doc = json::parse(trimmed, nullptr, false);
    if (doc.is_discarded()) {
      // Parse again with exceptions only to get nlohmann's byte position for the message.
      try {
        json ignored = json::parse(trimmed);
        c.add("(document)", "is not valid JSON");
      } catch (const json::parse_error& e) {
        c.add("(document)", fmt::format("is not valid JSON (at byte {})", e.byte));
      } catch (const json::exception& e) {
        // out_of_range.406: a number such as 1e777 that no double holds.
        c.add("(document)", fmt::format("is not valid JSON ({})", e.what()));
      }
    } else if (!doc.is_object()) {
      c.add("(document)", fmt::format("must be an object {{\"Rules\":[...]}}, got {}", doc.type_name()));
    } else {
      out.document = doc;
      c.keys(doc, "", {"Rules"});
      if (!doc.contains("Rules")) {
        c.add("Rules", "is required: an array of rules");
      } else if (!doc["Rules"].is_array()) {
        c.add("Rules", fmt::format("must be an array, got {}", doc["Rules"].type_name()));
      } else if (doc["Rules"].empty()) {
        // An empty list once made mc delete the whole lifecycle configuration (before
        // RELEASE.2021-01-30T00-50-42Z); newer mc refuses it.
        c.add("Rules", "is empty; give at least one rule");
      } else if (doc["Rules"].size() > 1000) {
        c.add("Rules", "has more than 1000 rules (the S3 limit)");
      } else {
        std::set<std::string> ids;
        for (std::size_t i = 0; i < doc["Rules"].size(); ++i)
          c.rule(doc["Rules"][i], fmt::format("Rules[{}]", i), ids, out.rule_ids);
      }
    }
  }
  out.problems = std::move(c.problems);
  return out;
}

}  // namespace reos::minio
