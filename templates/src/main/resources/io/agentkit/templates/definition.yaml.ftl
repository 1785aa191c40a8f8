<#-- Humanitec resource definition that routes agent resources to this agent. -->
apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata:
  id: ${definition.id}
entity:
  type: agent
  name: ${quote(definition.name)}
  driver_type: humanitec/agent
  driver_inputs:
    values:
      id: ${agent.id}
  criteria:
<#list definition.criteria as rule>
<#list rule as key, value>
  ${key?is_first?then("- ", "  ")}${key}: ${quote(value)}
</#list>
</#list>
