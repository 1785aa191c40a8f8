<#-- Humanitec resource definition that routes agent resources to this agent. -->
apiVersion: entity.humanitec.io/v1b1
kind: Definition
metadata:
  id: ${agent.definition.id}
entity:
  type: agent
  name: ${quote(agent.definition.name)}
  driver_type: humanitec/agent
  driver_inputs:
    values:
      id: ${agent.agentId}
  criteria:
<#list agent.definition.criteria as rule>
<#list rule as key, value>
  ${key?is_first?then("- ", "  ")}${key}: ${quote(value)}
</#list>
</#list>
