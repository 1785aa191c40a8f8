package io.agentkit.core.spec;

import static io.agentkit.core.settings.Settings.*;

import io.agentkit.core.settings.ObjectNames;
import io.agentkit.core.settings.Purpose;
import io.agentkit.core.settings.SettingValues;
import io.agentkit.core.settings.SpecReader;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Extra volumes and mounts beside the key's: own names, mounts of declared volumes, never over the key. */
final class VolumeChecks implements SpecCheck {

  @Override
  public void check(SettingValues v, SpecReader r, Purpose purpose, List<String> notes) {
    Set<String> names = new HashSet<>();
    for (Map<?, ?> volume : maps(v.get(EXTRA_VOLUMES))) {
      Object name = volume.get("name");
      if (ObjectNames.KEY_VOLUME.equals(name)) {
        r.problem(EXTRA_VOLUMES.path(), "a volume is named '" + name + "', the name of the key's volume", "give it another name");
      } else if (name != null && !names.add(String.valueOf(name))) {
        r.problem(EXTRA_VOLUMES.path(), "two volumes are named '" + name + "'", "give each volume its own name");
      }
    }
    String file = v.get(PRIVATE_KEY_FILE);
    String keyDirectory = file == null ? null : file.substring(0, file.lastIndexOf('/'));
    for (Map<?, ?> mount : maps(v.get(EXTRA_VOLUME_MOUNTS))) {
      Object name = mount.get("name");
      if (name != null && !names.contains(String.valueOf(name))) {
        r.problem(EXTRA_VOLUME_MOUNTS.path(), "mounts '" + name + "', which is not among extraVolumes", "declare the volume in extraVolumes, or fix the name");
      }
      Object path = mount.get("mountPath");
      if (keyDirectory != null && path != null && (path.equals(keyDirectory) || String.valueOf(path).startsWith(keyDirectory + "/"))) {
        r.problem(EXTRA_VOLUME_MOUNTS.path(), "mounts over " + path + ", where the key is mounted (" + file + ")", "mount it elsewhere");
      }
    }
  }

  private static List<Map<?, ?>> maps(Object list) {
    if (!(list instanceof List<?> l)) {
      return List.of();
    }
    return l.stream().filter(Map.class::isInstance).<Map<?, ?>>map(m -> (Map<?, ?>) m).toList();
  }
}
