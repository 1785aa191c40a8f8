def loader = new GroovyClassLoader(this.class.classLoader)
def Checks = loader.parseClass(new File(sharedDir, "Checks.groovy"))
Checks.logContains(basedir,
        "<image> (-Dhumanitec-agent.image): 'ghcr.io/X/Agent:1.0' has upper-case letters in its repository 'X/Agent'; registries accept only "
                + "lowercase repository names, so pulling it would fail; write ghcr.io/x/agent:1.0")
Checks.noKeyLeak(basedir)
// Refused before anything is written: no output, no .gitignore, the key pair byte-identical.
assert !new File(basedir, 'target/humanitec-agent').exists()
Checks.unchanged(basedir)
return true
