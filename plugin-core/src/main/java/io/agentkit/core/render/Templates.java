package io.agentkit.core.render;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.ParseException;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.Version;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The Freemarker templates: the bundled ones, each replaceable by a file of the same name in the
 * user's template directory.
 *
 * <p>One instance per build: Freemarker's Configuration is thread-safe once set up, but we do not
 * share it between builds so a changed template directory is always re-read.
 */
public final class Templates {

  /** FreeMarker's behaviour level for the bundled and users' templates; tests that build their own wrapper use it too. */
  static final Version FREEMARKER_VERSION = Configuration.VERSION_2_3_34;

  private final Configuration config;
  private final Path overrideDirectory;

  private Templates(Configuration config, Path overrideDirectory) {
    this.config = config;
    this.overrideDirectory = overrideDirectory;
  }

  /**
   * Only the bundled templates. One instance per class loader: the templates in the jar cannot
   * change, so the goals of a build share it and parse each template once (a Configuration is
   * thread-safe once set up).
   */
  public static Templates bundled() {
    return Bundled.INSTANCE;
  }

  private static final class Bundled {
    static final Templates INSTANCE = new Templates(configuration(new ClassTemplateLoader(Templates.class, TemplateNames.CLASSPATH_BASE)), null);
  }

  /** Whether {@code name} comes from the user's template directory rather than the plugin's tested templates. */
  public boolean isOverridden(String name) {
    return overrideDirectory != null && Files.isRegularFile(overrideDirectory.resolve(name));
  }

  /**
   * The bundled templates, overridden by same-named files in {@code directory}.
   *
   * @throws TemplateException if the directory does not exist
   */
  public static Templates withOverrides(Path directory) throws TemplateException {
    if (!Files.isDirectory(directory)) {
      throw new TemplateException("template directory " + directory + (Files.exists(directory) ? " is not a directory" : " does not exist")
          + "; create it and put the templates you want to replace there (names: " + String.join(", ", TemplateNames.ALL) + "), or remove the setting");
    }
    try {
      TemplateLoader loader = new MultiTemplateLoader(new TemplateLoader[] {
          new FileTemplateLoader(directory.toFile()), new ClassTemplateLoader(Templates.class, TemplateNames.CLASSPATH_BASE)});
      return new Templates(configuration(loader), directory);
    } catch (IOException e) {
      throw new TemplateException("template directory " + directory + " cannot be read: " + e.getMessage());
    }
  }

  /** Names of the user's templates that replace bundled ones. */
  public List<String> overridden() {
    if (overrideDirectory == null) {
      return List.of();
    }
    return TemplateNames.ALL.stream().filter(n -> Files.isRegularFile(overrideDirectory.resolve(n))).toList();
  }

  /** Files in the user's template directory that replace nothing: most likely a typo. */
  public List<String> unknownFiles() throws IOException {
    if (overrideDirectory == null) {
      return List.of();
    }
    List<String> unknown = new ArrayList<>();
    try (Stream<Path> files = Files.list(overrideDirectory)) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ftl") && !TemplateNames.ALL.contains(n)).forEach(unknown::add);
    }
    return new ArrayList<>(new TreeSet<>(unknown));
  }

  /** Where a template comes from, for messages. */
  public String sourceOf(String name) {
    if (overrideDirectory != null && Files.isRegularFile(overrideDirectory.resolve(name))) {
      return overrideDirectory.resolve(name).toString();
    }
    return "bundled " + name;
  }

  /**
   * Renders {@code name}; errors name the template and line, with secrets redacted.
   *
   * @param secrets strings that must not appear in an error message
   */
  public String render(String name, Map<String, Object> model, List<String> secrets) throws TemplateException {
    Redactor redactor = new Redactor(secrets);
    Template template;
    try {
      template = config.getTemplate(name);
    } catch (ParseException e) {
      throw new TemplateException("template " + sourceOf(name) + " has a syntax error at line " + e.getLineNumber() + ", column " + e.getColumnNumber()
          + ": " + redactor.redact(e.getEditorMessage()));
    } catch (IOException e) {
      throw new TemplateException("template " + name + " cannot be loaded: " + e.getMessage());
    }
    StringWriter out = new StringWriter();
    try {
      template.process(model, out);
    } catch (freemarker.template.TemplateException e) {
      String line = e.getLineNumber() == null ? "" : " at line " + e.getLineNumber() + (e.getColumnNumber() == null ? "" : ", column " + e.getColumnNumber());
      throw new TemplateException("template " + sourceOf(name) + " failed" + line + ": " + redactor.redact(e.getMessageWithoutStackTop()));
    } catch (IOException e) {
      throw new TemplateException("template " + sourceOf(name) + " failed: " + e.getMessage());
    }
    return out.toString();
  }

  private static Configuration configuration(TemplateLoader loader) {
    Configuration c = new Configuration(FREEMARKER_VERSION);
    c.setTemplateLoader(loader);
    c.setDefaultEncoding("UTF-8");
    c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    c.setLogTemplateExceptions(false);
    c.setWrapUncheckedExceptions(true);
    c.setFallbackOnNullLoopVariable(false);
    // Numbers and booleans as YAML wants them: 1000, not "1,000"; true, not "yes".
    c.setNumberFormat("computer");
    c.setBooleanFormat("c");
    c.setAPIBuiltinEnabled(false);
    c.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    c.setLocalizedLookup(false);
    c.setSharedVariable("quote", TemplateFunctions.QUOTE);
    c.setSharedVariable("toYaml", TemplateFunctions.TO_YAML);
    c.setSharedVariable("hasContent", TemplateFunctions.HAS_CONTENT);
    return c;
  }
}
