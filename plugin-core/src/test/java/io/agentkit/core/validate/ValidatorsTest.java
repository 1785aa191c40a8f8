package io.agentkit.core.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

class ValidatorsTest {

  private static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: d
      spec:
        replicas: %s
        selector:
          matchLabels: {a: b}
        template:
          metadata:
            labels: {a: b}
          spec:
            containers:
              - name: c
                image: i
                %s
      """;

  @Test
  void acceptsAValidDeployment() throws Exception {
    assertThat(KubernetesValidator.validate(DEPLOYMENT.formatted("2", "imagePullPolicy: Always"), "f.yaml")).isInstanceOf(Deployment.class);
  }

  @Test
  void rejectsUnknownFieldsDeepInsideWithTheirPath() {
    assertThatThrownBy(() -> KubernetesValidator.validate(DEPLOYMENT.formatted("2", "imagePullPolcy: Always"), "f.yaml"))
        .hasMessage("f.yaml, Deployment d, field spec.template.spec.containers[0].imagePullPolcy: unknown field \"imagePullPolcy\" in Container");
  }

  @Test
  void rejectsWrongTypesWithoutQuotingTheValue() {
    assertThatThrownBy(() -> KubernetesValidator.validate(DEPLOYMENT.formatted("\"two\"", ""), "f.yaml"))
        .hasMessage("f.yaml, Deployment d, field spec.replicas: wrong type: expected an integer");
    assertThatThrownBy(() -> KubernetesValidator.validate(DEPLOYMENT.formatted("2", "tty: \"yes\""), "f.yaml"))
        .hasMessageContaining("field spec.template.spec.containers[0].tty: wrong type");
  }

  @Test
  void rejectsDuplicateKeysUnknownKindsAndMissingNames() {
    assertThatThrownBy(() -> KubernetesValidator.validate("apiVersion: v1\nkind: ConfigMap\nkind: Secret\nmetadata: {name: x}\n", "f.yaml"))
        .hasMessageContaining("is not valid YAML").hasMessageContaining("Duplicate field 'kind'");
    assertThatThrownBy(() -> KubernetesValidator.validate("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n", "f.yaml"))
        .hasMessageContaining("'v1' Pod is not a kind these manifests may contain");
    assertThatThrownBy(() -> KubernetesValidator.validate("apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n", "f.yaml"))
        .hasMessageContaining("field metadata.name: is required");
  }

  @Test
  void aciNeedsNumbersAndKnownFields() {
    String aci = """
        apiVersion: '2019-12-01'
        location: westeurope
        type: Microsoft.ContainerInstance/containerGroups
        name: g
        properties:
          containers:
          - name: c
            properties:
              image: i
              resources:
                requests:
                  cpu: %s
                  memoryInGB: 0.1
          osType: Linux
          restartPolicy: %s
        """;
    org.assertj.core.api.Assertions.assertThatCode(() -> AciValidator.validate(aci.formatted("0.05", "Always"), "a.yaml")).doesNotThrowAnyException();
    assertThatThrownBy(() -> AciValidator.validate(aci.formatted("'0.05'", "Always"), "a.yaml"))
        .hasMessageContaining("field properties.containers[0].properties.resources.requests.cpu: must be a number, not a string");
    assertThatThrownBy(() -> AciValidator.validate(aci.formatted("0.05", "Sometimes"), "a.yaml"))
        .hasMessageContaining("field properties.restartPolicy: 'Sometimes' is not one of");
    assertThatThrownBy(() -> AciValidator.validate(aci.formatted("0.05", "Always").replace("location: westeurope\n", ""), "a.yaml"))
        .hasMessageContaining("field location: is required");
  }

  @Test
  void definitionMustBeOfTypeAgentWithKnownCriteria() {
    String def = """
        apiVersion: entity.humanitec.io/v1b1
        kind: Definition
        metadata: {id: a}
        entity:
          type: %s
          name: a
          driver_type: humanitec/agent
          driver_inputs: {values: {id: a}}
          criteria:
          - %s: development
        """;
    org.assertj.core.api.Assertions.assertThatCode(() -> DefinitionValidator.validate(def.formatted("agent", "env_type"), "d.yaml")).doesNotThrowAnyException();
    assertThatThrownBy(() -> DefinitionValidator.validate(def.formatted("k8s-cluster", "env_type"), "d.yaml"))
        .hasMessageContaining("field entity.type: must be 'agent'");
    assertThatThrownBy(() -> DefinitionValidator.validate(def.formatted("agent", "environment"), "d.yaml"))
        .hasMessageContaining("field entity.criteria[0].environment: unknown field");
  }
}
