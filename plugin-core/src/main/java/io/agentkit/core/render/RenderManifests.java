package io.agentkit.core.render;

import io.agentkit.contract.keys.KeyFileException;
import io.agentkit.core.BuildLog;
import io.agentkit.core.keys.AgentKeys;
import io.agentkit.core.keys.KeyPairFiles;
import io.agentkit.core.secrets.SealedKey;
import io.agentkit.core.settings.SecretFormat;
import io.agentkit.core.settings.Settings;
import io.agentkit.core.spec.AgentSpec;
import io.agentkit.core.validate.InvalidOutputException;
import io.agentkit.core.validate.KubernetesValidator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code render-manifests} operation: Namespace, ConfigMap, Secret, Deployment and (when asked) NetworkPolicy for one agent,
 * validated strictly before anything is written.
 */
public final class RenderManifests implements AgentRenderer {

  /** One object: its template and its file name in file-per-object layout (numbered in apply order). */
  private record Part(String template, String fileName, boolean secret) {}

  private final Templates templates;
  private final AgentKeys keys;
  private final OutputLayout layout;
  private final ManifestLayout manifestLayout;
  private final BuildLog log;

  public RenderManifests(Templates templates, AgentKeys keys, OutputLayout layout, ManifestLayout manifestLayout, BuildLog log) {
    this.templates = templates;
    this.keys = keys;
    this.layout = layout;
    this.manifestLayout = manifestLayout;
    this.log = log;
  }

  @Override
  public List<OutputFile> render(AgentSpec spec) throws KeyFileException, TemplateException, InvalidOutputException {
    KeyPairFiles.LoadedKey key = spec.manifestsNeedKey() ? keys.load(spec) : null;
    Map<String, Object> model = TemplateModels.of(spec, spec.manifestsHoldKey() ? key.pem() : null);
    SealedKey sealed = null;
    if (spec.rendersSecret() && spec.secretFormat() == SecretFormat.SEALED_SECRET) {
      sealed = SealedKey.of(spec, key, keys.locations().agentDirectory(spec.agentId()));
      model.put("sealedPrivateKey", sealed.encryptedKey());
    }
    List<String> secrets = key == null ? List.of() : Secrets.of(key.pem());

    List<Part> parts = new ArrayList<>();
    if (spec.get(Settings.CREATE_NAMESPACE)) {
      parts.add(new Part(TemplateNames.NAMESPACE, "01-namespace.yaml", false));
    }
    parts.add(new Part(TemplateNames.CONFIG_MAP, "02-configmap.yaml", false));
    if (spec.rendersSecret()) {
      parts.add(switch (spec.secretFormat()) {
        case SECRET -> new Part(TemplateNames.SECRET, "03-secret.yaml", true);
        case SEALED_SECRET -> new Part(TemplateNames.SEALED_SECRET, "03-sealed-secret.yaml", false);
        case EXTERNAL_SECRET -> new Part(TemplateNames.EXTERNAL_SECRET, "03-external-secret.yaml", false);
      });
    }
    parts.add(new Part(TemplateNames.DEPLOYMENT, "04-deployment.yaml", false));
    if (spec.get(Settings.NETWORK_POLICY)) {
      parts.add(new Part(TemplateNames.NETWORK_POLICY, "05-networkpolicy.yaml", false));
    }

    List<OutputFile> files = new ArrayList<>();
    StringBuilder single = new StringBuilder();
    for (Part part : parts) {
      String doc = templates.render(part.template(), model, secrets);
      Path file = manifestLayout == ManifestLayout.SINGLE_FILE ? layout.manifestsFile(spec) : layout.manifestsDirectory(spec).resolve(part.fileName());
      // The user's templates are bound strictly to the Kubernetes model. The bundled ones are too, by the plugin's own
      // tests for every setting (EverySettingReachesTheOutputTest); at build time they get the structural check only,
      // which spares every build loading the Kubernetes model (the settings' YAML values are checked by their rules).
      String where = file + " (from " + templates.sourceOf(part.template()) + ")";
      if (templates.isOverridden(part.template())) {
        KubernetesValidator.validate(doc, where);
      } else {
        KubernetesValidator.validateStructure(doc, where);
      }
      if (manifestLayout == ManifestLayout.SINGLE_FILE) {
        single.append("---\n").append(doc);
      } else {
        files.add(new OutputFile(file, doc, part.secret()));
      }
    }
    if (manifestLayout == ManifestLayout.SINGLE_FILE) {
      files.add(new OutputFile(layout.manifestsFile(spec), single.toString(), spec.manifestsHoldKey()));
    }
    Path rendered = manifestLayout == ManifestLayout.SINGLE_FILE ? layout.manifestsFile(spec) : layout.manifestsDirectory(spec);
    files.add(new OutputFile(layout.helmValuesFile(spec), HelmValues.render(spec, sealed, rendered.getFileName().toString()), false));
    return files;
  }

  /** Renders and writes one agent. */
  public List<OutputFile> run(AgentSpec spec) throws KeyFileException, TemplateException, InvalidOutputException, IOException {
    List<OutputFile> files = render(spec);
    write(spec, files);
    return files;
  }

  @Override
  public void write(AgentSpec spec, List<OutputFile> files) throws IOException {
    if (manifestLayout == ManifestLayout.SINGLE_FILE) {
      OutputWriter.removeStale(layout.manifestsDirectory(spec), List.of(), log);
    } else {
      OutputWriter.removeIfExists(layout.manifestsFile(spec), log);
      OutputWriter.removeStale(layout.manifestsDirectory(spec), files, log);
    }
    OutputWriter.write(files, log);
    if (!spec.rendersSecret()) {
      log.info("Agent " + spec.agentId() + ": no Secret rendered; the Deployment mounts your Secret '" + spec.secretName() + "' (key '" + spec.secretKey() + "'). These manifests hold no key material.");
    } else if (spec.secretFormat() == SecretFormat.SEALED_SECRET) {
      log.info("Agent " + spec.agentId() + ": the key is sealed for the sealed-secrets controller (SealedSecret '" + spec.secretName() + "', strict scope): safe to commit.");
    } else if (spec.secretFormat() == SecretFormat.EXTERNAL_SECRET) {
      log.info("Agent " + spec.agentId() + ": the External Secrets Operator creates Secret '" + spec.secretName() + "' from " + spec.get(Settings.EXTERNAL_SECRET_STORE)
          + " (" + spec.get(Settings.EXTERNAL_SECRET_REMOTE_KEY) + "). These manifests hold no key material.");
    }
    Path target = manifestLayout == ManifestLayout.SINGLE_FILE ? layout.manifestsFile(spec) : layout.manifestsDirectory(spec);
    log.info("Apply with: kubectl apply -f " + target);
  }
}
