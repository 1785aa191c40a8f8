package io.agentkit.it.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentkit.core.settings.ChartRuleCases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart's secretFormat choice with the real helm 3.18 and 4.1: what the plugin refuses for a
 * format the chart refuses at install time too (the shared rules), the install-time checks of the
 * sealed key, and a new sealed key rolling the pods through the checksum annotation.
 */
class SecretFormatsHelmIT {

  static final String SEALED_FOR = "humanitec-agent/humanitec-agent-secret-private-key";

  @TempDir Path dir;

  private Helm helm(String major) throws Exception {
    return major.equals("3") ? Helm.of("helm3", Tools.helm3(), dir) : Helm.of("helm4", Tools.helm4(), dir);
  }

  private static String source() {
    return Path.of(System.getProperty("agentkit.chartSource")).toString();
  }

  private static String[] template(String... sets) {
    List<String> args = new ArrayList<>(List.of("template", "humanitec-agent", source(), "--namespace", "humanitec-agent"));
    for (String s : sets) {
      args.addAll(List.of("--set", s));
    }
    return args.toArray(String[]::new);
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void theChartRefusesWhatThePluginRefusesForASecretFormat(String major) throws Exception {
    Helm helm = helm(major);
    for (ChartRuleCases.Shared rule : ChartRuleCases.SHARED) {
      if (rule.helmSets().stream().noneMatch(s -> s.startsWith("humanitec.secretFormat="))) {
        continue;
      }
      Proc.Result r = helm.run(template(rule.helmSets().toArray(String[]::new)));
      assertThat(r.exit()).as(rule.name()).isNotZero();
      assertThat(r.all()).as(rule.name()).contains(rule.chartMessage());
    }
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void aSealedKeyIsRequiredOnlyWhereItWasSealedForAndNeverBesideAPlainKey(String major) throws Exception {
    Helm helm = helm(major);
    assertThat(helm.run(template("humanitec.org=o", "humanitec.secretFormat=sealed-secret")).all())
        .contains("humanitec.sealedSecret.encryptedKey is required for secretFormat sealed-secret: pass the helm-values.yaml that render-manifests writes");
    assertThat(helm.run(template("humanitec.org=o", "humanitec.secretFormat=sealed-secret", "humanitec.sealedSecret.encryptedKey=QUJDRA==",
        "humanitec.sealedSecret.sealedFor=other/humanitec-agent-secret-private-key")).all())
        .contains("humanitec.sealedSecret.encryptedKey was sealed for other/humanitec-agent-secret-private-key, but this release's Secret is " + SEALED_FOR);
    assertThat(helm.run(template("humanitec.org=o", "humanitec.secretFormat=external-secret", "humanitec.externalSecret.store=v",
        "humanitec.externalSecret.remoteKey=k", "humanitec.privateKey=-----BEGIN PRIVATE KEY-----")).all())
        .contains("humanitec.privateKey is set, but humanitec.secretFormat=external-secret never puts the plain key into the cluster");
    assertThat(helm.run(template("humanitec.org=o", "humanitec.secretFormat=vault")).all()).contains("secretFormat");
    String ok = helm.ok(template("humanitec.org=o", "humanitec.secretFormat=sealed-secret", "humanitec.sealedSecret.encryptedKey=QUJDRA==",
        "humanitec.sealedSecret.sealedFor=" + SEALED_FOR));
    Manifests.validateStrictly(ok);
    assertThat(ok).contains("kind: SealedSecret").doesNotContain("kind: Secret\n");
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void aNewSealedKeyRollsThePods(String major) throws Exception {
    Helm helm = helm(major);
    String a = checksum(helm.ok(template("humanitec.org=o", "humanitec.secretFormat=sealed-secret", "humanitec.sealedSecret.encryptedKey=QUJDRA==")));
    String again = checksum(helm.ok(template("humanitec.org=o", "humanitec.secretFormat=sealed-secret", "humanitec.sealedSecret.encryptedKey=QUJDRA==")));
    String rotated = checksum(helm.ok(template("humanitec.org=o", "humanitec.secretFormat=sealed-secret", "humanitec.sealedSecret.encryptedKey=RUZHSA==")));
    assertThat(a).isEqualTo(again).isNotEqualTo(rotated);
  }

  private static String checksum(String manifests) {
    return manifests.lines().filter(l -> l.contains("checksum/secret:")).findFirst().orElseThrow(() -> new AssertionError("no checksum/secret in\n" + manifests));
  }
}
