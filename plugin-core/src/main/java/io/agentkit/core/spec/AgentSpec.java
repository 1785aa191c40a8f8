package io.agentkit.core.spec;

import static io.agentkit.core.settings.Settings.*;

import io.agentkit.contract.env.AgentEnv;
import io.agentkit.core.settings.AgentImages;
import io.agentkit.core.settings.ObjectNames;
import io.agentkit.core.settings.SecretFormat;
import io.agentkit.core.settings.Setting;
import io.agentkit.core.settings.SettingValues;
import io.agentkit.core.settings.Settings;
import io.agentkit.core.settings.ValueForms;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One validated agent installation: the resolved {@link Settings} and what follows from them (object
 * names, the agent's environment). Built only by {@link SpecBuilder}, which checks every setting, so
 * renderers can trust it.
 */
public final class AgentSpec {

  private final String source;
  private final SettingValues values;
  private final List<String> notes;

  AgentSpec(String source, SettingValues values, List<String> notes) {
    this.source = source;
    this.values = values;
    this.notes = List.copyOf(notes);
  }

  /** Where the spec came from, for messages. */
  public String source() {
    return source;
  }

  /** A setting's resolved value (its default when not configured), or null when unset. */
  public <T> T get(Setting<T> setting) {
    return values.get(setting);
  }

  public SettingValues values() {
    return values;
  }

  /** What the user should know about this spec but need not fix, for the build log. */
  public List<String> notes() {
    return notes;
  }

  public String agentId() {
    return get(AGENT_ID);
  }

  public String name() {
    return get(NAME);
  }

  public String namespace() {
    return get(NAMESPACE);
  }

  public String image() {
    return get(IMAGE);
  }

  public List<String> organizations() {
    List<String> orgs = get(ORGANIZATIONS);
    return orgs == null ? List.of() : orgs;
  }

  /** {@code ORGS}: the organizations joined by commas. */
  public String orgsValue() {
    return String.join(AgentEnv.ORGS_SEPARATOR, organizations());
  }

  public Path privateKeyPath() {
    return get(PRIVATE_KEY_PATH);
  }

  public String configMapName() {
    return name() + ObjectNames.CONFIG_MAP_SUFFIX;
  }

  /** The Secret the Deployment mounts: the user's existing one or the one we render. */
  public String secretName() {
    return rendersSecret() ? name() + ObjectNames.SECRET_SUFFIX : get(EXISTING_SECRET);
  }

  /** Key of the private key inside that Secret. */
  public String secretKey() {
    return rendersSecret() ? ObjectNames.SECRET_KEY : get(EXISTING_SECRET_KEY);
  }

  /** Whether we render the object that yields the key's Secret (Secret, SealedSecret or ExternalSecret), or mount the user's existing one. */
  public boolean rendersSecret() {
    return get(EXISTING_SECRET) == null;
  }

  /** How the key reaches the cluster. */
  public SecretFormat secretFormat() {
    return SecretFormat.of(get(SECRET_FORMAT));
  }

  /** Whether render-manifests needs the private key: a Secret embeds it, a SealedSecret encrypts it; an ExternalSecret only names it. */
  public boolean manifestsNeedKey() {
    return rendersSecret() && secretFormat() != SecretFormat.EXTERNAL_SECRET;
  }

  /** Whether the rendered manifests hold the key in the clear (a Secret), so the file must stay private. */
  public boolean manifestsHoldKey() {
    return rendersSecret() && secretFormat() == SecretFormat.SECRET;
  }

  /** Directory the key volume is mounted at: the key file's parent. */
  public String keyMountPath() {
    String file = get(PRIVATE_KEY_FILE);
    return file.substring(0, file.lastIndexOf('/'));
  }

  public String keyFileName() {
    String file = get(PRIVATE_KEY_FILE);
    return file.substring(file.lastIndexOf('/') + 1);
  }

  /** How each replica's {@code CONNECTION_ID} is set. */
  public ConnectionId connectionId() {
    String fixed = get(CONNECTION_ID);
    if (fixed != null) {
      return new ConnectionId.Fixed(fixed);
    }
    return Boolean.TRUE.equals(get(CONNECTION_ID_FROM_POD_NAME)) ? new ConnectionId.PodName() : new ConnectionId.None();
  }

  /**
   * Environment the agent gets from configuration (ConfigMap, ACI env): the variable of every setting
   * that is set and differs from the setting's default (the agent's own), then the extra variables.
   * Variables only agent-kit's agent reads are left out for Humanitec's image.
   * {@code CONNECTION_ID} is not here: it is per replica.
   */
  public Map<String, String> agentEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    boolean humanitecImage = AgentImages.isHumanitecs(image());
    for (Setting<?> s : Settings.ALL) {
      Object value = get(s);
      if (s.env() != null && value != null && !Objects.equals(value, s.defaultValue(values)) && !(s.agentKitOnly() && humanitecImage)) {
        env.put(s.env(), ValueForms.env(value));
      }
    }
    Map<String, String> extra = get(EXTRA_ENV);
    if (extra != null) {
      env.putAll(extra);
    }
    return Collections.unmodifiableMap(env);
  }

  @Override
  public String toString() {
    return "AgentSpec[" + source + ", " + values.asMap() + "]";
  }
}
