<#-- Humanitec resource definition that routes agent resources to this agent. Each criteria rule is one list item:
     "- " before its first key, spaces before the others (not ?is_first: see deployment.yaml.ftl on built-ins). -->
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
<#assign dash = "- ">
<#list rule as key, value>
  ${dash}${key}: ${quote(value)}
<#assign dash = "  ">
</#list>
</#list>
