package io.agentkit.core.settings;

import io.agentkit.core.validate.StrictModel;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rules for values that end up in Kubernetes objects: names, quantities, labels, and Pod spec fragments. */
final class KubernetesRules {

  private KubernetesRules() {}

  /** Namespaces, the Deployment and container name: RFC 1123 labels. */
  static Rule<String> dnsLabel() {
    return Rules.text(Names.DNS_LABEL, "a valid Kubernetes name",
        "use at most 63 lowercase letters, digits and dashes, starting and ending with a letter or digit");
  }

  static Rule<String> secretName() {
    return Rules.text(Names.DNS_SUBDOMAIN, "a valid Secret name", "use lowercase letters, digits, dashes and dots");
  }

  static Rule<String> secretKey() {
    return Rules.text(Names.SECRET_KEY, "a valid Secret key", "use letters, digits, '-', '_' and '.'");
  }

  static Rule<List<String>> secretNames() {
    return Rules.list(Names.DNS_SUBDOMAIN, "a valid Secret name", "use lowercase letters, digits, dashes and dots");
  }

  /**
   * A resource quantity as Kubernetes reads it, greater than zero; memory written with a milli
   * suffix ({@code 256m}) or a byte unit ({@code 256MB}) is a mistake worth a specific hint.
   */
  static Rule<String> quantity(boolean memory, String example) {
    return (r, path) -> {
      String v = r.string(path);
      if (v == null) {
        return null;
      }
      Optional<BigDecimal> amount = Quantities.parse(v);
      if (amount.isEmpty()) {
        String fix = memory
            ? Quantities.memorySuggestion(v).orElse("write a Kubernetes quantity such as " + example + " (Ki, Mi, Gi are powers of 1024)")
            : "write cores as a decimal (" + example + ") or millicores (250m)";
        r.problem(path, "'" + v + "' is not a Kubernetes quantity", fix);
        return null;
      }
      if (amount.get().signum() <= 0) {
        r.problem(path, "'" + v + "' must be greater than zero", "write a positive quantity such as " + example);
        return null;
      }
      if (memory && v.endsWith("m")) {
        r.problem(path, "'" + v + "' means " + amount.get().toPlainString() + " bytes ('m' is milli)", "write " + v.substring(0, v.length() - 1) + "Mi for mebibytes");
        return null;
      }
      return v;
    };
  }

  /** Label keys and values (node selector, pod labels). */
  static Rule<Map<String, String>> labels() {
    return (r, path) -> {
      if (!r.isSet(path)) {
        return null;
      }
      Map<String, String> labels = r.stringMap(path);
      labels.forEach((k, v) -> {
        if (!Names.isQualifiedKey(k)) {
          r.problem(path, "'" + k + "' is not a valid label key", "use [prefix/]name with at most 63 letters, digits, '-', '_' or '.'");
        }
        if (!Names.LABEL_VALUE.matcher(v).matches()) {
          r.problem(path, "value '" + v + "' of " + k + " is not a valid label value", "use at most 63 letters, digits, '-', '_' or '.'");
        }
      });
      return labels;
    };
  }

  static Rule<Map<String, String>> annotations() {
    return (r, path) -> {
      if (!r.isSet(path)) {
        return null;
      }
      Map<String, String> annotations = r.stringMap(path);
      for (String k : annotations.keySet()) {
        if (!Names.isQualifiedKey(k)) {
          r.problem(path, "'" + k + "' is not a valid annotation key", "use [prefix/]name with at most 63 letters, digits, '-', '_' or '.'");
        }
      }
      return annotations;
    };
  }

  /** A list of Pod spec objects of {@code type} (tolerations, volumes, ...), each checked strictly against the Kubernetes model. */
  static Rule<Object> listOf(Class<?> type, String expected, String example) {
    Rule<Object> shape = Rules.structure(true, expected, "write a YAML list, e.g. " + example);
    return (r, path) -> {
      Object list = shape.read(r, path);
      List<Object> entries = Rules.entries(list);
      for (int i = 0; i < entries.size(); i++) {
        strict(r, path, entries.get(i), type, "[" + i + "]");
      }
      return list;
    };
  }

  /** A Pod spec object of {@code type} (affinity, strategy), checked strictly against the Kubernetes model. */
  static Rule<Object> objectOf(Class<?> type, String expected) {
    Rule<Object> shape = Rules.structure(false, expected, "write it as in a Kubernetes object");
    return (r, path) -> {
      Object map = shape.read(r, path);
      if (map != null) {
        strict(r, path, map, type, "");
      }
      return map;
    };
  }

  private static void strict(SpecReader r, String path, Object tree, Class<?> type, String prefix) {
    try {
      StrictModel.convert(tree, type, "");
    } catch (StrictModel.StrictModelException e) {
      String at = prefix + (e.path().isEmpty() ? "" : (prefix.isEmpty() ? "" : ".") + e.path());
      r.problem(path, (at.isEmpty() ? "" : "at " + at + ": ") + e.problem(), "write it as in a Kubernetes Pod spec");
    }
  }
}
