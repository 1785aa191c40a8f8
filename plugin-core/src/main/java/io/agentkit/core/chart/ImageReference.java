package io.agentkit.core.chart;

/**
 * An image reference split the way the chart's values hold it: {@code repository}, {@code tag}
 * and {@code digest}. The chart joins them back as {@code repository:tag@digest}, so the
 * Deployment names the same image render-manifests writes.
 */
public record ImageReference(String repository, String tag, String digest) {

  /** Splits {@code host[:port]/path[:tag][@sha256:...]}; a colon before the last slash is a port, not a tag. */
  public static ImageReference parse(String image) {
    String rest = image;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    return new ImageReference(rest, tag, digest);
  }
}
