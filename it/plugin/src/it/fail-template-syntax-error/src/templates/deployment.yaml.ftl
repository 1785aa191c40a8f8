apiVersion: apps/v1
kind: Deployment
metadata:
<#if agent.name == >
  name: ${agent.name}
</#if>
